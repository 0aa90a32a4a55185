package io.molt.agent.steps;

/** Receives a step's progress (sent on as {@code report.progress}). */
@FunctionalInterface
public interface Progress {

    Progress NONE = (phase, percent, message) -> { };

    void report(String phase, int percent, String message);
}
