package io.molt.service.cli;

/** Entry point of the {@code molt} command: serves, plans, benchmarks and runs the demo. */
public final class MoltMain {

    private MoltMain() {
    }

    public static void main(String[] args) {
        int exitCode = ExitCodes.commandLine().execute(args);
        if (exitCode != 0 || !MoltCommand.keepsRunning(args)) {
            System.exit(exitCode);
        }
    }
}
