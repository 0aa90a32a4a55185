package io.molt.protocol;

/**
 * How an operator's program ended, in a RunUpgrade or RunHook answer (protocol v2; v1 carried it as the
 * details {@code exit_code}, {@code timed_out}, {@code output_tail} and {@code duration_ms}).
 *
 * @param exitCode   the program's exit code; -1 when it did not start or was killed on timeout
 * @param timedOut   the timeout passed and the program was killed with every process it started
 * @param outputTail the last 4 KiB of its stdout and stderr (or why it did not start)
 * @param durationMs how long it ran
 */
public record ProgramRun(int exitCode, boolean timedOut, String outputTail, long durationMs) {

    public ProgramRun {
        outputTail = outputTail == null ? "" : outputTail;
    }

    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }
}
