package io.molt.service;

import io.molt.service.cli.MoltCommand;
import picocli.CommandLine;

/** Entry point of the {@code molt} command: serves, plans, benchmarks and runs the demo. */
public final class MoltMain {

    private MoltMain() {
    }

    public static void main(String[] args) {
        int exitCode = new CommandLine(new MoltCommand()).execute(args);
        if (exitCode != 0 || !MoltCommand.keepsRunning(args)) {
            System.exit(exitCode);
        }
    }
}
