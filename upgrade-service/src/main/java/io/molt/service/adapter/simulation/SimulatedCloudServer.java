package io.molt.service.adapter.simulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.molt.service.domain.cloud.CloudException;
import io.molt.service.domain.cloud.LiveMigration;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves one {@link SimulatedCloud} over HTTP to the {@link RemoteSimulatedCloud}s of other processes, so that
 * several service replicas (each its own JVM, killed and started again) act on one simulated cloud, as they
 * would on one Nova. Each call is {@code POST /<operation>} with a {@link SimulatedCloudCall}; the cloud's
 * answer, or its {@link CloudException} as a {@link SimulatedCloudCall.Failure}, goes back as JSON. Calls are
 * served on their own threads (a migration being followed does not hold up the others).
 */
public final class SimulatedCloudServer implements AutoCloseable {

    private final SimulatedCloud cloud;
    private final HttpServer http;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "molt-simulated-cloud-server");
        t.setDaemon(true);
        return t;
    });
    private final ObjectMapper json = SimulatedCloudCall.json();

    private SimulatedCloudServer(SimulatedCloud cloud, HttpServer http) {
        this.cloud = cloud;
        this.http = http;
    }

    /** Serves {@code cloud} on {@code address} (port 0: a free one) until {@link #close()}. */
    public static SimulatedCloudServer start(SimulatedCloud cloud, InetSocketAddress address) throws IOException {
        SimulatedCloudServer server = new SimulatedCloudServer(cloud, HttpServer.create(address, 64));
        server.http.createContext("/", server::handle);
        server.http.setExecutor(server.threads);
        server.http.start();
        return server;
    }

    /** The address to give {@code molt.simulation.cloud-url}. */
    public URI uri() {
        InetSocketAddress a = http.getAddress();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort());
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String operation = exchange.getRequestURI().getPath().substring(1);
            int status = 200;
            Object answer;
            try {
                answer = call(operation, json.readValue(in, SimulatedCloudCall.class));
            } catch (CloudException e) {
                status = e.httpStatus() > 0 ? e.httpStatus() : 503;
                answer = new SimulatedCloudCall.Failure(e.getClass().getSimpleName(), e.getMessage(), e.httpStatus());
            } catch (RuntimeException e) {
                status = 500;
                answer = new SimulatedCloudCall.Failure("Error", e.toString(), 500);
            }
            byte[] body = json.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private Object call(String operation, SimulatedCloudCall c) {
        switch (operation) {
            case "snapshot":
                return cloud.snapshot();
            case "disable-host":
                cloud.disableHost(c.host(), c.reason());
                return null;
            case "enable-host":
                cloud.enableHost(c.host());
                return null;
            case "live-migrate":
                return cloud.liveMigrate(c.server(), Optional.ofNullable(c.destination())).orElse(null);
            case "migration":
                return cloud.migration(c.server(), c.migrationId());
            case "await-migration":
                return followFor(c);
            case "abort-migration":
                cloud.abortMigration(c.server(), c.migrationId());
                return null;
            case "stop-server":
                cloud.stopServer(c.server());
                return null;
            case "start-server":
                cloud.startServer(c.server());
                return null;
            case "delete-server":
                cloud.deleteServer(c.server());
                return null;
            default:
                throw new CloudException.NotFound("no operation " + operation + " on the simulated cloud", 404);
        }
    }

    /** The migration's record once it ended, or its last record read within {@code waitMs} (null: none yet). */
    private LiveMigration followFor(SimulatedCloudCall c) {
        LiveMigration[] last = new LiveMigration[1];
        try {
            return cloud.awaitMigration(c.server(), c.migrationId(), Duration.ofMillis(c.waitMs()), m -> last[0] = m);
        } catch (CloudException.Transient stillRunning) {
            return last[0];
        }
    }
}
