package io.molt.service.cli.remote;

import io.molt.service.cli.MoltMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code molt ...} run as the operator runs it: a JVM of its own on the test classpath, with only the
 * environment given (no OS_* of the machine leaks in), its exit code, stdout and stderr.
 */
record CliRun(int exit, String out, String err) {

    static CliRun of(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                MoltMain.class.getName()));
        command.addAll(List.of(args));
        return run(command, env);
    }

    /** The same under a real pseudo-terminal ({@code script -qc} from util-linux): stdout is a tty. */
    static CliRun onTerminal(Map<String, String> env, String... args) {
        StringBuilder line = new StringBuilder(quote(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()) + " -XX:TieredStopAtLevel=1 -cp " + quote(System.getProperty("java.class.path")) + " "
                + MoltMain.class.getName());
        for (String arg : args) {
            line.append(' ').append(quote(arg));
        }
        return run(List.of("script", "-qec", line.toString(), "/dev/null"), env);
    }

    private static CliRun run(List<String> command, Map<String, String> env) {
        try {
            Path out = Files.createTempFile("molt-cli", ".out");
            Path err = Files.createTempFile("molt-cli", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("OS_") || k.equals("MOLT_URL"));
            builder.environment().put("HOME", Files.createTempDirectory("molt-cli-home").toString());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("molt " + command + " did not end in 180 s");
            }
            CliRun run = new CliRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return run;
        } catch (IOException e) {
            throw new AssertionError("cannot run molt: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
