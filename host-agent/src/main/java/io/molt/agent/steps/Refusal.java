package io.molt.agent.steps;

import java.util.Objects;

/**
 * Why a step will not run, for the planner to pick another action.
 *
 * @param code   stable, machine-readable (e.g. {@code MEMORY_NOT_SHARED})
 * @param reason what is wrong and what would fix it
 */
public record Refusal(String code, String reason) {

    public Refusal {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return code + ": " + reason;
    }
}
