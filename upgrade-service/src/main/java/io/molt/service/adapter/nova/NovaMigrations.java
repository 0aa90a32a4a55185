package io.molt.service.adapter.nova;

import com.fasterxml.jackson.databind.JsonNode;
import io.molt.service.domain.cloud.CloudException;
import io.molt.service.domain.cloud.LiveMigration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Live migrations through the REST API.
 * <ul>
 *   <li>Started at microversion {@value #START}: before 2.34 Nova runs its prechecks (scheduler, filters,
 *       hypervisor versions) while the request waits, so a refusal comes back as an error with Nova's
 *       message instead of a migration that silently ends in {@code error}.</li>
 *   <li>Followed at {@value #READ}: {@code /os-migrations} keeps ended migrations and their real status
 *       (openstack4j maps every status it does not know to MIGRATING); the server's migration resource
 *       gives memory progress while it runs.</li>
 *   <li>Aborted at {@value #ABORT} (queued and preparing migrations can be aborted too).</li>
 * </ul>
 */
final class NovaMigrations {

    static final String START = "2.30";
    static final String READ = "2.80";
    static final String ABORT = "2.65";
    private static final Duration APPEAR_TIMEOUT = Duration.ofSeconds(30);

    private final NovaRest rest;
    private final Retrier.Sleeper sleeper;
    private final Duration pollInterval;
    private final Clock clock;

    NovaMigrations(NovaRest rest, Retrier.Sleeper sleeper, Duration pollInterval, Clock clock) {
        this.rest = rest;
        this.sleeper = sleeper;
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    Optional<LiveMigration> start(String serverUuid, Optional<String> destination) {
        NovaServer server = server(serverUuid);
        Optional<LiveMigration> running = latest(serverUuid).filter(m -> !m.status().isFinal());
        if (running.isPresent() || "migrating".equals(server.taskState())) {
            return Optional.of(running.orElseGet(() -> awaitNewer(serverUuid, -1)));
        }
        if (destination.isPresent() && destination.get().equals(server.host())) {
            return Optional.empty();
        }
        if (!"active".equals(server.vmState()) || server.taskState() != null) {
            throw new CloudException.Conflict("live migration of " + serverUuid + ": server is " + server.vmState()
                    + (server.taskState() == null ? "" : " (" + server.taskState() + ")") + ", not ACTIVE", 0);
        }
        long before = latest(serverUuid).map(LiveMigration::id).orElse(-1L);
        Map<String, Object> live = new HashMap<>();
        live.put("host", destination.orElse(null));
        live.put("block_migration", "auto");
        rest.post("/servers/" + serverUuid + "/action", START, Map.of("os-migrateLive", live));
        return Optional.of(awaitNewer(serverUuid, before));
    }

    LiveMigration read(String serverUuid, long id) {
        try {
            JsonNode m = rest.get("/servers/" + serverUuid + "/migrations/" + id, READ).path("migration");
            return parse(m, serverUuid);
        } catch (CloudException.NotFound ended) {
            // the server's migration resource only shows migrations in progress
            for (JsonNode m : list(serverUuid)) {
                if (m.path("id").asLong() == id) {
                    return parse(m, serverUuid);
                }
            }
            throw new CloudException.NotFound("no live migration " + id + " of server " + serverUuid, 404);
        }
    }

    LiveMigration await(String serverUuid, long id, Duration timeout, Consumer<LiveMigration> progress,
            java.util.function.Supplier<LiveMigration> reader) {
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            LiveMigration m = reader.get();
            progress.accept(m);
            if (m.status().isFinal()) {
                return m;
            }
            if (clock.instant().isAfter(deadline)) {
                throw new CloudException.Transient("live migration " + id + " of " + serverUuid
                        + " has not ended within " + timeout + " (status " + m.status() + ")", 0, null);
            }
            pause();
        }
    }

    void abort(String serverUuid, long id) {
        LiveMigration m = read(serverUuid, id);
        if (m.status() == LiveMigration.Status.CANCELLED || m.status() == LiveMigration.Status.CANCELLING) {
            return;
        }
        if (m.status().isFinal()) {
            throw new CloudException.Conflict("live migration " + id + " of " + serverUuid + " cannot be aborted: "
                    + "it has already ended " + m.status(), 0);
        }
        rest.delete("/servers/" + serverUuid + "/migrations/" + id, ABORT);
    }

    private NovaServer server(String serverUuid) {
        return NovaServer.from(rest.get("/servers/" + serverUuid, NovaServer.MICROVERSION).path("server"));
    }

    /** The newest live migration of the server, ended or not. */
    private Optional<LiveMigration> latest(String serverUuid) {
        LiveMigration newest = null;
        for (JsonNode m : list(serverUuid)) {
            LiveMigration parsed = parse(m, serverUuid);
            if (newest == null || parsed.id() > newest.id()) {
                newest = parsed;
            }
        }
        return Optional.ofNullable(newest);
    }

    private JsonNode list(String serverUuid) {
        return rest.get("/os-migrations?instance_uuid=" + serverUuid + "&migration_type=live-migration", READ)
                .path("migrations");
    }

    /** Nova creates the migration record while the start request runs; wait until it is readable. */
    private LiveMigration awaitNewer(String serverUuid, long before) {
        Instant deadline = clock.instant().plus(APPEAR_TIMEOUT);
        while (true) {
            Optional<LiveMigration> newest = latest(serverUuid).filter(m -> m.id() > before);
            if (newest.isPresent()) {
                return newest.get();
            }
            if (clock.instant().isAfter(deadline)) {
                throw new CloudException.Transient("live migration of " + serverUuid + " accepted but no "
                        + "migration record appeared within " + APPEAR_TIMEOUT, 0, null);
            }
            pause();
        }
    }

    private void pause() {
        try {
            sleeper.sleep(pollInterval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException.Transient("interrupted while following a live migration", 0, e);
        }
    }

    static LiveMigration parse(JsonNode m, String serverUuid) {
        return new LiveMigration(m.path("id").asLong(), m.path("server_uuid").asText(
                        m.path("instance_uuid").asText(serverUuid)),
                text(m, "source_compute"), text(m, "dest_compute"), LiveMigration.Status.fromNova(text(m, "status")),
                number(m, "memory_total_bytes"), number(m, "memory_remaining_bytes"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asLong();
    }
}
