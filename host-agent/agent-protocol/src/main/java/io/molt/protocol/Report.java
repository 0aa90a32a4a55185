package io.molt.protocol;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What an agent tells the service. */
public sealed interface Report extends Payload
        permits Report.AgentHello, Report.Heartbeat, Report.CommandProgress, Report.CommandResult {

    /**
     * Sent when the agent (re)connects: who it is and what its host can do.
     *
     * @param commands v2: the wire names of the commands the agent carries out ({@link MessageType#wireName()});
     *                 empty from a v1 agent, which does not say
     */
    record AgentHello(String agentVersion, HostCapabilities capabilities, List<String> commands) implements Report {
        public AgentHello {
            Envelope.requireText(agentVersion, "agentVersion");
            Objects.requireNonNull(capabilities, "capabilities is required");
            commands = commands == null ? List.of() : List.copyOf(commands);
        }

        /** A hello that does not say which commands the agent carries out (as a v1 agent's). */
        public AgentHello(String agentVersion, HostCapabilities capabilities) {
            this(agentVersion, capabilities, List.of());
        }
    }

    /** Sent every heartbeat interval while the agent runs. */
    record Heartbeat(long uptimeMs) implements Report {
        public Heartbeat {
            if (uptimeMs < 0) {
                throw new IllegalArgumentException("uptimeMs must not be negative");
            }
        }
    }

    /** Progress of a command that takes a while. */
    record CommandProgress(String commandId, String step, int percent, String message) implements Report {
        public CommandProgress {
            Envelope.requireText(commandId, "commandId");
            Envelope.requireText(step, "step");
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("percent must be within 0..100, was " + percent);
            }
        }
    }

    /**
     * The outcome of a command. A repeated command id is answered with the recorded result, with
     * {@code duplicate} set.
     *
     * @param details free-form; with, for a v1 agent, its results in the flat form of {@link ResultDetails}
     * @param guests  v2: each guest's result (PreserveGuests, RestoreGuests); empty from a v1 agent
     * @param run     v2: how the operator's program ended (RunUpgrade, RunHook); null from a v1 agent and for
     *                other commands
     * @param boot    v2, additive: what the host's boot into its new kernel took (RestoreGuests after a kexec);
     *                null otherwise and from agents before it
     */
    record CommandResult(String commandId, Outcome outcome, String message, Map<String, String> details,
                         boolean duplicate, List<GuestResult> guests, ProgramRun run, KernelBoot boot)
            implements Report {
        public CommandResult {
            Envelope.requireText(commandId, "commandId");
            Objects.requireNonNull(outcome, "outcome is required");
            details = details == null ? Map.of() : Map.copyOf(details);
            guests = guests == null ? List.of() : List.copyOf(guests);
        }

        /** A result without a boot's times. */
        public CommandResult(String commandId, Outcome outcome, String message, Map<String, String> details,
                boolean duplicate, List<GuestResult> guests, ProgramRun run) {
            this(commandId, outcome, message, details, duplicate, guests, run, null);
        }

        /** A result without typed fields, as a v1 agent sends it (or one of a command that has none). */
        public CommandResult(String commandId, Outcome outcome, String message, Map<String, String> details,
                boolean duplicate) {
            this(commandId, outcome, message, details, duplicate, List.of(), null);
        }

        /**
         * A result with typed fields read from the flat form in its details ({@link ResultDetails}): how the
         * agent and the simulated agents make every answer, from the details their steps wrote.
         */
        public static CommandResult of(String commandId, Outcome outcome, String message, Map<String, String> details) {
            return new CommandResult(commandId, outcome, message, details, false).typed();
        }

        /**
         * This result with its typed fields: as sent when it has them (v2), else read from its details keys
         * (a v1 agent). Throws {@link IllegalArgumentException} when a details value is malformed.
         */
        public CommandResult typed() {
            if (!guests.isEmpty() || run != null || boot != null) {
                return this;
            }
            return new CommandResult(commandId, outcome, message, details, duplicate, ResultDetails.guests(details),
                    ResultDetails.run(details).orElse(null), ResultDetails.boot(details).orElse(null));
        }

        public CommandResult asDuplicate() {
            return new CommandResult(commandId, outcome, message, details, true, guests, run, boot);
        }
    }

    /** How a command ended. */
    enum Outcome {
        /** Done and verified. */
        SUCCEEDED,
        /** Tried and failed; {@code message} says why and what state things were left in. */
        FAILED,
        /** Refused before acting (precheck failed, unknown command); nothing was changed. */
        REFUSED
    }
}
