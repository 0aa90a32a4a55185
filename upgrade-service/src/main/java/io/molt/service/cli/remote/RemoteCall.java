package io.molt.service.cli.remote;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** Runs a remote command's body: a {@link CliFailure} becomes its message on stderr and its exit code. */
final class RemoteCall {

    interface Body {
        void run(PrintWriter out) throws InterruptedException;
    }

    private RemoteCall() {
    }

    static int run(CommandSpec spec, Body body) {
        try {
            body.run(spec.commandLine().getOut());
            return ExitCodes.OK;
        } catch (CliFailure e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("molt: " + e.getMessage());
            err.flush();
            return e.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.TIMEOUT;
        }
    }
}
