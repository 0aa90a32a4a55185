package io.molt.service.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.molt.service.application.campaign.CampaignRejected;
import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * How {@code molt} ends (docs/planner.md, "Exit codes"): 0 done (a safe plan), 2 no safe plan (the
 * violations are printed), 3 ({@code molt demo}) the campaign did not end DONE, 64 refused input or usage (sysexits.h {@code EX_USAGE}: a flag, a file, a key or
 * a VM to fix, named in the message), 1 an internal error. Refusals and "no safe plan" end with a message on
 * stderr, never a Java stack trace; an internal error prints its trace only with {@code MOLT_DEBUG=1}.
 */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int NO_SAFE_PLAN = 2;
    /** {@code molt demo}: the campaign did not end DONE, or the demo was interrupted. */
    public static final int CAMPAIGN_NOT_DONE = 3;
    public static final int USAGE = 64;

    private ExitCodes() {
    }

    /** The {@code molt} command line with these exit codes and messages, on every subcommand. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new MoltCommand()));
    }

    static CommandLine configure(CommandLine line) {
        line.getCommandSpec().exitCodeOnInvalidInput(USAGE);
        line.getCommandSpec().exitCodeOnExecutionException(INTERNAL_ERROR);
        line.setExecutionExceptionHandler(ExitCodes::handle);
        line.getSubcommands().values().forEach(ExitCodes::configure);
        return line;
    }

    private static int handle(Exception e, CommandLine line, CommandLine.ParseResult parsed) {
        String command = line.getCommandSpec().qualifiedName();
        int code = code(e);
        if (code == INTERNAL_ERROR) {
            line.getErr().println(command + ": internal error: " + e
                    + (System.getenv("MOLT_DEBUG") == null ? " (MOLT_DEBUG=1 prints the stack trace)" : ""));
            if (System.getenv("MOLT_DEBUG") != null) {
                e.printStackTrace(line.getErr());
            }
        } else {
            line.getErr().println(command + ": " + (code == NO_SAFE_PLAN ? "" : "refused: ") + e.getMessage());
        }
        line.getErr().flush();
        return code;
    }

    static int code(Throwable e) {
        if (e instanceof CampaignRejected rejected) {
            return switch (rejected.kind()) {
                case NO_SAFE_PLAN -> NO_SAFE_PLAN;
                case INVALID, CONFLICT -> USAGE;
                case NOT_FOUND, UNAVAILABLE -> INTERNAL_ERROR;
            };
        }
        if (e instanceof CommandLine.ParameterException || e instanceof IllegalArgumentException
                || e instanceof JsonProcessingException
                || e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
            return USAGE;
        }
        return INTERNAL_ERROR;
    }
}
