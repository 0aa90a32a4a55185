package io.molt.service.domain.campaign;

import java.util.Map;

/** What the engine should do next with one host; the engine applies it and records it in one transaction. */
public sealed interface HostDecision {

    /** Nothing to do now (final or failed host, or a step that may not start), with why. */
    record Hold(String reason) implements HostDecision {
    }

    /** Start {@code step}: record it in flight (and send its command) before acting. */
    record Begin(Step step) implements HostDecision {
    }

    /** Carry out the engine's or Nova's step in flight (again, after a restart: every action checks first). */
    record Perform(Step step) implements HostDecision {
    }

    /** The agent's step is under way: look again later. */
    record Wait(String detail) implements HostDecision {
    }

    /**
     * The step in flight succeeded: move to {@code target}.
     *
     * @param downtimes each guest's downtime in ms as the agent measured it (RestoreGuests), by vm uuid
     */
    record Complete(Step step, HostState target, String detail, Map<String, String> details, Map<String, Long> downtimes)
            implements HostDecision {
        public Complete {
            downtimes = downtimes == null ? Map.of() : Map.copyOf(downtimes);
        }

        public Complete(Step step, HostState target, String detail, Map<String, String> details) {
            this(step, target, detail, details, Map.of());
        }
    }

    /**
     * Try the step again: attempt {@code attempt} of at most the cap, not before {@code backoff} has passed (the
     * back-off of engine and Nova steps, {@link StepLimits#retryWait}).
     */
    record Retry(Step step, int attempt, String error, java.time.Duration backoff) implements HostDecision {
        public Retry(Step step, int attempt, String error) {
            this(step, attempt, error, java.time.Duration.ZERO);
        }
    }

    /** The step failed for good: the host is FAILED and, by default, the campaign pauses. */
    record Fail(Step step, String error) implements HostDecision {
    }
}
