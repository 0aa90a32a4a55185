package io.molt.agent.commands;

/** Where a handler reports how far it got; sent to the service as {@code report.progress}. */
@FunctionalInterface
public interface ProgressSink {

    ProgressSink NONE = (step, percent, message) -> { };

    void report(String step, int percent, String message);
}
