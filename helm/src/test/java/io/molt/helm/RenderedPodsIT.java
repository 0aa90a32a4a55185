package io.molt.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Job;
import io.molt.migrations.FreshDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the chart renders works with the real programs: the migrations Job's container, run as it is rendered
 * (command, environment, password from the chart's Secret), applies the schema to a fresh database on the
 * local PostgreSQL; then the Deployment's container, run the same way with the rendered ConfigMap as its
 * config file, starts the real service (simulated cloud, local RabbitMQ), which does not migrate itself and
 * answers the rendered probes' paths on the rendered port.
 */
class RenderedPodsIT {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path scratch;

    private FreshDatabase database;
    private Process service;

    @BeforeEach
    void createDatabase() {
        database = FreshDatabase.create("helm");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (service != null) {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
        database.close();
    }

    @Test
    void migrationsJobThenDeploymentServeTheApi() throws Exception {
        int port = freePort();
        Manifests manifests = new Chart(scratch).templateWith("""
                credentials: {existingSecret: "", databasePassword: trust-ignores-it, rabbitmqPassword: guest}
                javaToolOptions: "-XX:+UseSerialGC -Xmx384m"
                config:
                  spring:
                    datasource: {url: "%s", username: %s}
                    rabbitmq: {host: 127.0.0.1, port: 5672, username: guest}
                  server: {port: %d}
                  molt:
                    amqp: {prefix: molt-helm-%s}
                    auth: {mode: noauth, keystone-url: ""}
                    nova: {enabled: false}
                    simulation: {enabled: true, hosts: 2, vms-per-host: 2}
                """.formatted(database.url(), database.user(), port, UUID.randomUUID().toString().substring(0, 8)));
        Map<String, Path> jars = Map.of(
                "/opt/molt/db-migrations-runner.jar", builtJar("db-migrations", "-runner.jar"),
                "/opt/molt/upgrade-service.jar", builtJar("upgrade-service", ".jar"));

        LocalContainer migrations = LocalContainer.of(manifests.one(V1Job.class).getSpec().getTemplate().getSpec(),
                manifests, jars, Files.createDirectories(scratch.resolve("job")));
        Process job = migrations.start();
        assertThat(job.waitFor(5, TimeUnit.MINUTES)).as("the migrations Job ended").isTrue();
        assertThat(job.exitValue()).as("the Job said: %s", migrations.log()).isZero();
        assertThat(migrations.log()).containsPattern("applied [1-9][0-9]* migration\\(s\\)");

        V1Deployment deployment = manifests.one(V1Deployment.class);
        V1Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        LocalContainer pod = LocalContainer.of(deployment.getSpec().getTemplate().getSpec(), manifests, jars,
                Files.createDirectories(scratch.resolve("pod")));
        service = pod.start();
        String readiness = "http://127.0.0.1:" + container.getPorts().get(0).getContainerPort()
                + container.getReadinessProbe().getHttpGet().getPath();
        String liveness = "http://127.0.0.1:" + port + container.getLivenessProbe().getHttpGet().getPath();
        try {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .failFast("the service exited", () -> !service.isAlive())
                    .until(() -> status(readiness) == 200);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "; its output: " + pod.log(), e);
        }

        assertThat(status(liveness)).isEqualTo(200);
        assertThat(status("http://127.0.0.1:" + port + "/v1/agents")).isEqualTo(200);
        // With the Job on, the service's own Flyway is off: not a line of it in the service's output.
        assertThat(pod.log()).doesNotContain("Flyway").doesNotContain("trust-ignores-it");
    }

    private static int status(String url) throws IOException, InterruptedException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The jar the build made in a sibling module's target/ (this module is built after them). */
    private static Path builtJar(String module, String suffix) throws IOException {
        Path target = Path.of(System.getProperty("molt.chart.dir", "molt")).toAbsolutePath().getParent().getParent()
                .resolve(module).resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().startsWith(module + "-")
                            && f.getFileName().toString().endsWith(suffix)
                            && (suffix.equals("-runner.jar") || !f.getFileName().toString().matches(".*-(runner|plain|tests)\\.jar")))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + module + "-*" + suffix + " in " + target
                            + ": build it first (./mvnw -B -DskipTests package)"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("no " + target + ": build the jars first (./mvnw -B -DskipTests package)", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
