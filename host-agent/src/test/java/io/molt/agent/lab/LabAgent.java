package io.molt.agent.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The built agent ({@code host-agent/target/host-agent-*-all.jar}) as its own process on the lab's libvirt, with
 * its state directory and config file under a test's directory. Several may be started one after the other on
 * the same state directory, as a host's service manager restarts a crashed agent.
 */
public final class LabAgent implements AutoCloseable {

    private final Process process;
    private final Path log;

    private LabAgent(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The config of an agent for {@code host} on the lab, behind the broker at {@code amqpUri}. */
    public static Path config(Path dir, String host, String amqpUri, String prefix, List<String> extra) {
        Path monitors = Lab.settings(dir).monitorDir();
        Path config = dir.resolve("agent.properties");
        try {
            Files.writeString(config, String.join("\n", Stream.concat(Stream.of(
                    "host=" + host,
                    "amqp.uri=" + amqpUri,
                    "amqp.prefix=" + prefix,
                    "heartbeat.interval=PT0.5S",
                    "libvirt.uri=" + Lab.URI,
                    "state.dir=" + dir.resolve("agent-state"),
                    "preservation.monitor-dir=" + monitors,
                    "libvirt.restart-command=" + Lab.repo().resolve("dev/virtlab/restart-libvirtd")), extra.stream())
                    .toList()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + config, e);
        }
        return config;
    }

    /** Starts the built jar with this config; its output goes to {@code agent-<n>.log} beside the config. */
    public static LabAgent start(Path config, int n) {
        Path log = config.resolveSibling("agent-" + n + ".log");
        try {
            Process process = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", jar().toString(), "--config", config.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new LabAgent(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the agent", e);
        }
    }

    static Path jar() {
        Path target = Lab.repo().resolve("host-agent/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("host-agent-.*-all\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + target + "/host-agent-*-all.jar: build it with"
                            + " ./mvnw -B -q install -DskipTests -pl host-agent -am"));
        } catch (IOException e) {
            throw new AssertionError("no " + target + ": build the agent with ./mvnw -B -q install -DskipTests -pl host-agent -am", e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL, as a crash or the OOM killer would: no shutdown hook runs; returns once the process is gone. */
    public void kill() {
        try {
            if (!process.destroyForcibly().waitFor(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the agent " + process.pid() + " did not die of SIGKILL within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops it as a service manager would (SIGTERM). */
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
