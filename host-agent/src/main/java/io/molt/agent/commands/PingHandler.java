package io.molt.agent.commands;

import io.molt.protocol.Commands;
import io.molt.protocol.Report;
import java.util.Map;

/** Answers a ping with the host name, proving the command path to this host works. */
public final class PingHandler implements CommandHandler<Commands.Ping> {

    private final String host;

    public PingHandler(String host) {
        this.host = host;
    }

    @Override
    public Class<Commands.Ping> commandType() {
        return Commands.Ping.class;
    }

    @Override
    public Report.CommandResult handle(String commandId, Commands.Ping command, ProgressSink progress) {
        return new Report.CommandResult(commandId, Report.Outcome.SUCCEEDED, "pong from " + host,
                Map.of("host", host), false);
    }
}
