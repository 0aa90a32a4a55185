package io.molt.service.adapter.simulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.domain.cloud.CloudException;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.LiveMigration;
import io.molt.service.domain.port.ComputeCloud;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The simulated cloud of another process, reached through its {@link SimulatedCloudServer}
 * ({@code molt.simulation.cloud-url}). Each method is one call; the server's {@link CloudException} comes back
 * as the same kind. A call that gets no answer is {@link CloudException.Transient}, as a Nova that does not
 * answer. {@link #awaitMigration} follows the migration a second at a time, so that no call outlasts its
 * timeout.
 */
public final class RemoteSimulatedCloud implements ComputeCloud {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    private static final long FOLLOW_STEP_MS = 1000;

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = SimulatedCloudCall.json();

    public RemoteSimulatedCloud(URI base) {
        this.base = base;
    }

    @Override
    public CloudSnapshot snapshot() {
        return call("snapshot", new SimulatedCloudCall(null, null, null, null, null, null), CloudSnapshot.class);
    }

    @Override
    public void disableHost(String host, String reason) {
        call("disable-host", new SimulatedCloudCall(host, reason, null, null, null, null), Void.class);
    }

    @Override
    public void enableHost(String host) {
        call("enable-host", new SimulatedCloudCall(host, null, null, null, null, null), Void.class);
    }

    @Override
    public Optional<LiveMigration> liveMigrate(String serverUuid, Optional<String> destinationHost) {
        return Optional.ofNullable(call("live-migrate", onServer(serverUuid, destinationHost.orElse(null), null, null),
                LiveMigration.class));
    }

    @Override
    public LiveMigration migration(String serverUuid, long migrationId) {
        return call("migration", onServer(serverUuid, null, migrationId, null), LiveMigration.class);
    }

    @Override
    public LiveMigration awaitMigration(String serverUuid, long migrationId, Duration timeout,
            Consumer<LiveMigration> progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            LiveMigration m = call("await-migration", onServer(serverUuid, null, migrationId,
                    Math.min(left, FOLLOW_STEP_MS)), LiveMigration.class);
            if (m != null) {
                progress.accept(m);
                if (m.status().isFinal()) {
                    return m;
                }
            }
            if (System.nanoTime() >= deadline) {
                throw new CloudException.Transient("migration " + migrationId + " still running after " + timeout, 0,
                        null);
            }
        }
    }

    @Override
    public void abortMigration(String serverUuid, long migrationId) {
        call("abort-migration", onServer(serverUuid, null, migrationId, null), Void.class);
    }

    @Override
    public void stopServer(String serverUuid) {
        call("stop-server", onServer(serverUuid, null, null, null), Void.class);
    }

    @Override
    public void startServer(String serverUuid) {
        call("start-server", onServer(serverUuid, null, null, null), Void.class);
    }

    @Override
    public void deleteServer(String serverUuid) {
        call("delete-server", onServer(serverUuid, null, null, null), Void.class);
    }

    private static SimulatedCloudCall onServer(String server, String destination, Long migrationId, Long waitMs) {
        return new SimulatedCloudCall(null, null, server, destination, migrationId, waitMs);
    }

    private <T> T call(String operation, SimulatedCloudCall body, Class<T> type) {
        HttpResponse<byte[]> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/" + operation)).timeout(CALL_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body))).build();
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new CloudException.Transient("the simulated cloud at " + base + " did not answer " + operation
                    + ": " + e, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException.Transient("interrupted while calling the simulated cloud", 0, e);
        }
        try {
            if (response.statusCode() != 200) {
                throw failure(json.readValue(response.body(), SimulatedCloudCall.Failure.class));
            }
            return type == Void.class ? null : json.readValue(response.body(), type);
        } catch (IOException e) {
            throw new IllegalStateException("the simulated cloud at " + base + " answered " + operation
                    + " with what is not its JSON: " + e.getMessage(), e);
        }
    }

    private static RuntimeException failure(SimulatedCloudCall.Failure f) {
        return switch (f.kind()) {
            case "NotFound" -> new CloudException.NotFound(f.message(), f.httpStatus());
            case "Conflict" -> new CloudException.Conflict(f.message(), f.httpStatus());
            case "NoValidHost" -> new CloudException.NoValidHost(f.message(), f.httpStatus());
            case "Refused" -> new CloudException.Refused(f.message(), f.httpStatus());
            case "Transient" -> new CloudException.Transient(f.message(), f.httpStatus(), null);
            default -> new IllegalStateException("the simulated cloud failed: " + f.message());
        };
    }
}
