package io.molt.service.cli.remote;

/**
 * Why a remote command could not do its work, as the operator reads it (never a stack trace, never a
 * secret), and the exit code it ends with (see {@link ExitCodes}).
 */
public final class CliFailure extends RuntimeException {

    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
