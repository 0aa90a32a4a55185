package io.molt.service.domain.campaign;

import java.util.Map;

/** What the engine observed of the step in flight on a host. */
public sealed interface StepProgress {

    /** A step the engine carries out itself and has not (yet, or since a restart) carried out. */
    record Unchecked() implements StepProgress {
    }

    /** Sent and not answered yet. */
    record Running(String detail) implements StepProgress {
    }

    /**
     * The step succeeded.
     *
     * @param details   the agent's details, for the event
     * @param downtimes each guest's downtime in ms as the agent measured it (RestoreGuests), by vm uuid
     */
    record Succeeded(String detail, Map<String, String> details, Map<String, Long> downtimes) implements StepProgress {
        public Succeeded {
            details = details == null ? Map.of() : Map.copyOf(details);
            downtimes = downtimes == null ? Map.of() : Map.copyOf(downtimes);
        }

        public Succeeded(String detail, Map<String, String> details) {
            this(detail, details, Map.of());
        }

        public static Succeeded of(String detail) {
            return new Succeeded(detail, Map.of());
        }
    }

    /** The step failed; {@code retryable} when trying again may help (counts as an attempt). */
    record Failed(String error, boolean retryable) implements StepProgress {
    }
}
