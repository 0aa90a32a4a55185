package io.molt.agent.steps;

import io.molt.protocol.ProgramRun;
import io.molt.protocol.ResultDetails;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an operator's program (an upgrade, or stopping nova-compute) without a shell: stdin from
 * /dev/null, stdout and stderr together, of which the last {@link #TAIL_BYTES} are kept, the agent's
 * environment plus the given variables. When the timeout passes, the process and every process it started
 * are killed.
 */
public final class OperatorCommand {

    public static final int TAIL_BYTES = 4096;
    private static final Duration DRAIN = Duration.ofSeconds(2);

    /**
     * How a run ended.
     *
     * @param exitCode   the program's exit code; -1 when it did not start or was killed on timeout
     * @param timedOut   the timeout passed and the process tree was killed
     * @param outputTail the last {@link #TAIL_BYTES} of its output (or why it did not start)
     */
    public record Outcome(int exitCode, boolean timedOut, String outputTail, long durationMs) {
        public boolean succeeded() {
            return exitCode == 0 && !timedOut;
        }

        /** The run as a result carries it (protocol v2). */
        public ProgramRun run() {
            return new ProgramRun(exitCode, timedOut, outputTail, durationMs);
        }

        /** {@code exit_code}, {@code timed_out}, {@code output_tail} and {@code duration_ms}: the run's flat form. */
        public Map<String, String> details() {
            Map<String, String> details = new HashMap<>();
            ResultDetails.put(details, run());
            return details;
        }

        /** One line for a message: "exited with code 3", "timed out after 5 s (killed)". */
        public String summary(Duration timeout) {
            return timedOut ? "timed out after " + timeout.toSeconds() + " s (killed with every process it started)"
                    : exitCode == -1 ? "did not start: " + outputTail : "exited with code " + exitCode;
        }
    }

    private OperatorCommand() {
    }

    public static Outcome run(List<String> command, Duration timeout) {
        return run(command, timeout, Map.of());
    }

    public static Outcome run(List<String> command, Duration timeout, Map<String, String> environment) {
        long start = System.nanoTime();
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).directory(new File("/"));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            return new Outcome(-1, false, e.getMessage(), millisSince(start));
        }
        Tail tail = new Tail(TAIL_BYTES);
        Thread reader = new Thread(() -> tail.drain(process.getInputStream()), "molt-command-output");
        reader.setDaemon(true);
        reader.start();
        boolean exited;
        try {
            exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                killTree(process);
                process.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(DRAIN.toMillis()); // a child left holding the pipe must not keep the agent waiting
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            return new Outcome(-1, false, "interrupted; " + tail.text(), millisSince(start));
        }
        return new Outcome(exited ? process.exitValue() : -1, !exited, tail.text(), millisSince(start));
    }

    /** Kills the children first (they would be re-parented, out of sight, once the parent is gone). */
    static void killTree(Process process) {
        for (int round = 0; round < 3; round++) {
            List<ProcessHandle> children = process.descendants().toList();
            children.forEach(ProcessHandle::destroyForcibly);
            if (children.isEmpty()) {
                break;
            }
        }
        process.destroyForcibly();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The last bytes of a stream. */
    static final class Tail {
        private final byte[] ring;
        private long written;

        Tail(int size) {
            this.ring = new byte[size];
        }

        void drain(InputStream in) {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    append(buffer, n);
                }
            } catch (IOException e) {
                // the process is gone; what was read stays
            }
        }

        synchronized void append(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                ring[(int) (written++ % ring.length)] = bytes[i];
            }
        }

        synchronized String text() {
            int size = (int) Math.min(written, ring.length);
            byte[] out = new byte[size];
            for (int i = 0; i < size; i++) {
                out[i] = ring[(int) ((written - size + i) % ring.length)];
            }
            return new String(out, StandardCharsets.UTF_8);
        }
    }
}
