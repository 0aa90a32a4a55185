package io.molt.service.cli.remote;

/** The exit codes of {@code molt campaign ...} and {@code molt agents ...} (docs/cli.md lists them). */
public final class ExitCodes {

    /** Done: the request was accepted (and, with {@code --wait}, the awaited state reached). */
    public static final int OK = 0;
    /** The service refused the request (its fault's message is printed), or could not be reached. */
    public static final int REFUSED = 1;
    /** The command line itself is wrong: 64 (sysexits.h EX_USAGE), as for every molt command. */
    public static final int USAGE = io.molt.service.cli.ExitCodes.USAGE;
    /** No credentials, Keystone refused them, or no Molt endpoint in the catalog. */
    public static final int AUTH = 3;
    /** {@code --wait}: the campaign settled in another state than the one awaited (e.g. PAUSED on a failure). */
    public static final int NOT_AWAITED = 4;
    /** {@code --wait}: the timeout passed first; the campaign goes on. */
    public static final int TIMEOUT = 5;

    private ExitCodes() {
    }
}
