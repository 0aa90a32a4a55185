package io.molt.service.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real host agent in its own JVM, started from the test classpath with a config file of its own.
 * Its output goes to {@code agent-<host>.log} in the given directory.
 */
public final class AgentProcess implements AutoCloseable {

    private final String host;
    private final Process process;
    private final Path log;
    private final Path config;

    private AgentProcess(String host, Process process, Path log, Path config) {
        this.host = host;
        this.process = process;
        this.log = log;
        this.config = config;
    }

    public static AgentProcess start(String host, String amqpUri, String prefix, Path dir) {
        return start(host, amqpUri, prefix, dir, List.of());
    }

    /** {@code extraConfig}: more lines of its config file, e.g. {@code nova-compute.stop-command=...}. */
    public static AgentProcess start(String host, String amqpUri, String prefix, Path dir, List<String> extraConfig) {
        try {
            Path config = dir.resolve("agent-" + host + ".properties");
            Files.writeString(config, String.join("\n",
                    "host=" + host,
                    "amqp.uri=" + amqpUri,
                    "amqp.prefix=" + prefix,
                    "heartbeat.interval=PT0.5S",
                    "libvirt.uri=test:///default",
                    "state.dir=" + dir.resolve("state-" + host),
                    String.join("\n", extraConfig)) + "\n");
            return launch(host, config, dir.resolve("agent-" + host + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the agent of " + host, e);
        }
    }

    /**
     * A new process on this one's config (so its state directory: journal and ledger), as a service manager
     * starts an agent again after it died; its output goes to {@code agent-<host>.<generation>.log}.
     */
    public AgentProcess startAgain(int generation) {
        return launch(host, config, log.resolveSibling("agent-" + host + "." + generation + ".log"));
    }

    private static AgentProcess launch(String host, Path config, Path log) {
        try {
            Process process = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    "io.molt.agent.Main", "--config", config.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new AgentProcess(host, process, log, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the agent of " + host, e);
        }
    }

    public String host() {
        return host;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Kills it at once (SIGKILL), as a crash or the OOM killer would: no shutdown hook runs. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops it the way a service manager would (SIGTERM), and waits for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
