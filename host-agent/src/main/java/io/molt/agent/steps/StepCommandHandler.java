package io.molt.agent.steps;

import io.molt.agent.commands.CommandHandler;
import io.molt.agent.commands.ProgressSink;
import io.molt.protocol.Command;
import io.molt.protocol.Report;

/**
 * Runs one preservation step for its command. The command id is the step's operation id in the
 * journal, so a command handed over again after a crash continues the step instead of starting anew.
 */
public final class StepCommandHandler<C extends Command> implements CommandHandler<C> {

    /** The step behind a command. */
    @FunctionalInterface
    public interface Step<C> {
        StepResult run(String operationId, C command, Progress progress);
    }

    private final Class<C> type;
    private final Step<C> step;

    public StepCommandHandler(Class<C> type, Step<C> step) {
        this.type = type;
        this.step = step;
    }

    @Override
    public Class<C> commandType() {
        return type;
    }

    @Override
    public Report.CommandResult handle(String commandId, C command, ProgressSink progress) {
        StepResult result;
        try {
            result = step.run(commandId, command, progress::report);
        } catch (IllegalArgumentException e) {
            result = StepResult.refused(java.util.List.of(new Refusal("INVALID_COMMAND", e.getMessage())));
        }
        return Report.CommandResult.of(commandId, result.outcome(), result.message(), result.details());
    }
}
