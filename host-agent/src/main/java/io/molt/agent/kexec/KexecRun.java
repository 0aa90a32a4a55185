package io.molt.agent.kexec;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one run of kexec ended.
 *
 * @param command what ran
 * @param exit    its exit code ({@code -1}: it could not be started)
 * @param output  what it wrote (stdout and stderr)
 */
public record KexecRun(List<String> command, int exit, String output) {

    /** kexec-tools reports a failed system call as {@code kexec_load failed: <strerror>}. */
    private static final Pattern FAILED_CALL = Pattern.compile("(kexec\\w*(?: unload)?) failed: ([^\\n]+)");

    public KexecRun {
        command = List.copyOf(command);
    }

    public boolean ok() {
        return exit == 0;
    }

    /** The kernel's answer to the failed call, e.g. {@code kexec_load failed: Operation not permitted}. */
    public Optional<String> failedCall() {
        Matcher m = FAILED_CALL.matcher(output);
        return m.find() ? Optional.of(m.group(1) + " failed: " + m.group(2).trim()) : Optional.empty();
    }

    /** The errno text alone, e.g. {@code Function not implemented}. */
    public Optional<String> errno() {
        Matcher m = FAILED_CALL.matcher(output);
        return m.find() ? Optional.of(m.group(2).trim()) : Optional.empty();
    }
}
