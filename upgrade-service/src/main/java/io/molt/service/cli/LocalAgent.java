package io.molt.service.cli;

import io.molt.service.embedded.EmbeddedInfrastructure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;

/**
 * The host agent for this machine, run from its shaded jar in a process of its own, against the
 * embedded broker. Its libvirt URI is libvirt's built-in test driver so that it runs anywhere.
 */
final class LocalAgent implements AutoCloseable {

    private final String host;
    private final Process process;
    private final Path dir;

    private LocalAgent(String host, Process process, Path dir) {
        this.host = host;
        this.process = process;
        this.dir = dir;
    }

    static LocalAgent start(EmbeddedInfrastructure infra, Path dataDir) throws IOException {
        Path jar = agentJar();
        String host = localHostName();
        Path dir = Files.createDirectories(dataDir.toAbsolutePath().resolve("agent"));
        Path config = dir.resolve("agent.properties");
        URI broker = URI.create("amqp://" + infra.amqpUser() + ":" + infra.amqpPassword() + "@" + infra.amqpHost()
                + ":" + infra.amqpPort() + "/%2F");
        Files.writeString(config, String.join("\n", "host=" + host, "amqp.uri=" + broker,
                "heartbeat.interval=PT2S", "libvirt.uri=test:///default", "state.dir=" + dir.resolve("state")) + "\n");
        Path log = dir.resolve("agent.log");
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--config", config.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new LocalAgent(host, process, dir);
    }

    String host() {
        return host;
    }

    Path log() {
        return dir.resolve("agent.log");
    }

    /** Removes its config, log and ledger (after {@link #close()}). */
    void deleteState() {
        FileSystemUtils.deleteRecursively(dir.toFile());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The agent's shaded jar: {@code -Dmolt.agent.jar} (set by ./molt), else the build output. */
    private static Path agentJar() throws IOException {
        String configured = System.getProperty("molt.agent.jar");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path target = Path.of("host-agent", "target");
        try (var files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-all.jar")).findFirst()
                    .orElseThrow(() -> new IOException("no agent jar in " + target.toAbsolutePath()
                            + ": run ./molt from the repository root (it builds the jars)"));
        }
    }

    private static String localHostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            return name.replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+", "");
        } catch (IOException e) {
            return "localhost";
        }
    }
}
