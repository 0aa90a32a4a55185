package io.molt.agent.commands;

import io.molt.protocol.Command;
import io.molt.protocol.Report;

/**
 * Carries out one kind of command. Handlers must be idempotent: after a crash the same command id
 * may be handed over again, and running it again must finish or confirm the earlier run.
 */
public interface CommandHandler<C extends Command> {

    Class<C> commandType();

    Report.CommandResult handle(String commandId, C command, ProgressSink progress);
}
