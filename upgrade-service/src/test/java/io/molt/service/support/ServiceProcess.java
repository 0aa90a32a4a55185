package io.molt.service.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One replica of the built service ({@code java -jar} of upgrade-service's jar, {@code serve}) in a process of
 * its own, with a name of its own ({@code molt.engine.replica-name}), a free HTTP port, and its output in
 * {@code <name>.log} of the given directory. {@link #kill()} is a SIGKILL: no shutdown hook runs. Processes
 * still running when the test's JVM exits are killed by its shutdown hook.
 *
 * <p>Starting many replicas on a busy machine is what such a test waits for, so they start from the jar
 * extracted as Spring Boot's CDS guide does ({@code -Djarmode=tools extract}) with a class data archive made by
 * one training run ({@link #prepare}): about half the CPU time of a start from the jar itself.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Path CDS = Path.of("target/service-cds");
    private static final List<Process> STARTED = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly)));
    }

    private final String name;
    private final Process process;
    private final URI base;
    private final Path log;

    private ServiceProcess(String name, Process process, URI base, Path log) {
        this.name = name;
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Starts replica {@code name} with {@code properties} ({@code --key=value} each); {@link #prepare} first. */
    public static ServiceProcess start(String name, Path dir, List<String> properties) {
        try {
            int port = freePort();
            Path log = dir.resolve(name + ".log");
            List<String> command = new ArrayList<>(java(List.of("-XX:SharedArchiveFile=" + CDS.resolve("service.jsa"))));
            command.addAll(List.of("serve", "--server.port=" + port, "--molt.engine.replica-name=" + name));
            command.addAll(properties);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            STARTED.add(process);
            return new ServiceProcess(name, process, URI.create("http://127.0.0.1:" + port), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start service replica " + name, e);
        }
    }

    /**
     * Extracts the service jar and makes its class data archive by one start with {@code properties} that
     * exits once the application is up, unless an archive newer than the jar is there already (a rerun).
     */
    public static void prepare(Path dir, List<String> properties) throws IOException, InterruptedException {
        Path archive = CDS.resolve("service.jsa");
        if (Files.exists(archive) && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar())) > 0) {
            return;
        }
        org.springframework.util.FileSystemUtils.deleteRecursively(CDS);
        Files.createDirectories(CDS);
        run(dir.resolve("service-extract.log"), List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Djarmode=tools", "-jar", jar().toString(), "extract", "--destination",
                CDS.resolve("app").toString()));
        List<String> training = new ArrayList<>(java(List.of("-XX:ArchiveClassesAtExit=" + archive,
                "-Dspring.context.exit=onRefresh")));
        training.addAll(List.of("serve", "--server.port=0", "--molt.engine.enabled=false"));
        training.addAll(properties);
        run(dir.resolve("service-cds-training.log"), training);
        if (!Files.exists(archive)) {
            throw new IllegalStateException("the training run made no class data archive: see " + dir);
        }
    }

    private static List<String> java(List<String> options) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k"));
        command.addAll(options);
        try (var files = Files.list(CDS.resolve("app"))) {
            command.addAll(List.of("-jar", files.filter(p -> p.toString().endsWith(".jar")).findFirst()
                    .orElseThrow().toString()));
        }
        return command;
    }

    private static void run(Path log, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: see " + log);
        }
    }

    /** The service jar the build packaged (the {@code package} phase runs before the integration tests). */
    public static Path jar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("upgrade-service-.*\\.jar")
                    && !p.getFileName().toString().contains("-sources")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no upgrade-service jar in target/: run mvn package"));
        }
    }

    public String name() {
        return name;
    }

    public URI base() {
        return base;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Whether its readiness probe answers 200 (database, broker and the engine up). */
    public boolean isReady() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL, and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops it as a service manager would (SIGTERM), SIGKILL after 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
