package io.molt.service.cli.remote;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code molt agents list}: the host agents a running service knows and whether they are online. */
@Command(name = "agents", mixinStandardHelpOptions = true, description = "The host agents of a running service.",
        subcommands = picocli.CommandLine.HelpCommand.class)
public final class AgentsCommand {

    private static final List<String> COLUMNS = List.of("host", "status", "agent_version", "protocol_version",
            "last_heartbeat");

    @Spec
    CommandSpec spec;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the agents.",
            exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:listed", "1:the service refused or is unreachable",
                "2:usage", "3:no credentials, Keystone refused them, or no endpoint"})
    int list(@Mixin ConnectionOptions connection, @Mixin FormatOptions format) {
        return RemoteCall.run(spec, out -> format.output().many(out, COLUMNS,
                connection.connect().get("/agents").path("agents")));
    }
}
