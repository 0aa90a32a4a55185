package io.molt.protocol;

import java.util.Map;
import java.util.Objects;

/** What an agent tells the service. */
public sealed interface Report extends Payload
        permits Report.AgentHello, Report.Heartbeat, Report.CommandProgress, Report.CommandResult {

    /** Sent when the agent (re)connects: who it is and what its host can do. */
    record AgentHello(String agentVersion, HostCapabilities capabilities) implements Report {
        public AgentHello {
            Envelope.requireText(agentVersion, "agentVersion");
            Objects.requireNonNull(capabilities, "capabilities is required");
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
     */
    record CommandResult(String commandId, Outcome outcome, String message, Map<String, String> details,
                         boolean duplicate) implements Report {
        public CommandResult {
            Envelope.requireText(commandId, "commandId");
            Objects.requireNonNull(outcome, "outcome is required");
            details = details == null ? Map.of() : Map.copyOf(details);
        }

        public CommandResult asDuplicate() {
            return new CommandResult(commandId, outcome, message, details, true);
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
