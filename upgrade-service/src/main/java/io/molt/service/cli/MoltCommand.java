package io.molt.service.cli;

import io.molt.service.cli.remote.AgentsCommand;
import io.molt.service.cli.remote.CampaignCommand;
import java.util.Set;
import picocli.CommandLine.Command;

/** The {@code molt} command line. Each subcommand is a class of its own in this package. */
@Command(name = "molt", mixinStandardHelpOptions = true, version = "molt 0.1.0",
        description = "Rolling hypervisor upgrades for OpenStack that keep tenant VMs running.",
        subcommands = {DemoCommand.class, ServeCommand.class, PlanCommand.class, BenchCommand.class,
            CampaignCommand.class, AgentsCommand.class})
public final class MoltCommand implements Runnable {

    /** Subcommands that leave a server running after {@code call()} returns. */
    private static final Set<String> LONG_RUNNING = Set.of("serve");

    public static boolean keepsRunning(String[] args) {
        return args.length > 0 && LONG_RUNNING.contains(args[0]);
    }

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
