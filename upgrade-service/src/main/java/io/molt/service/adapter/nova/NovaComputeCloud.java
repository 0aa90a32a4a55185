package io.molt.service.adapter.nova;

import io.molt.service.domain.cloud.CloudException;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.LiveMigration;
import io.molt.service.domain.port.ComputeCloud;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ComputeCloud} on OpenStack Nova (openstack4j 3.12 plus direct REST calls with explicit
 * microversions; see docs/adr/0004-nova-adapter.md). Each operation is one check-then-act step, retried
 * as a whole on transient failures, so a retry after a lost answer finds the work done and stops there.
 */
public final class NovaComputeCloud implements ComputeCloud {

    private static final Logger LOG = LoggerFactory.getLogger(NovaComputeCloud.class);

    private final Retrier retrier;
    private final NovaServices services;
    private final NovaSnapshotReader snapshots;
    private final NovaMigrations migrations;
    private final NovaServerActions servers;

    public NovaComputeCloud(NovaProperties properties) {
        this(properties, Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()),
                e -> LOG.warn("Nova call failed, will retry: {}", e.getMessage()));
    }

    NovaComputeCloud(NovaProperties properties, Clock clock, Retrier.Sleeper sleeper,
            Consumer<CloudException.Transient> onRetry) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
        KeystoneSession session = new KeystoneSession(properties, http, clock);
        NovaRest rest = new NovaRest(session, http, properties);
        this.retrier = new Retrier(properties.retry(), sleeper, onRetry);
        this.services = new NovaServices(rest);
        this.snapshots = new NovaSnapshotReader(session, rest, services, clock);
        this.migrations = new NovaMigrations(rest, sleeper, properties.pollInterval(), clock);
        this.servers = new NovaServerActions(session, rest, sleeper, properties.pollInterval(),
                properties.actionTimeout(), clock);
    }

    @Override
    public CloudSnapshot snapshot() {
        return retrier.call("read the cloud", snapshots::read);
    }

    @Override
    public void disableHost(String host, String reason) {
        Objects.requireNonNull(reason, "a reason is required");
        retrier.run("disable compute service on " + host, () -> services.disable(host, reason));
    }

    @Override
    public void enableHost(String host) {
        retrier.run("enable compute service on " + host, () -> services.enable(host));
    }

    @Override
    public Optional<LiveMigration> liveMigrate(String serverUuid, Optional<String> destinationHost) {
        return retrier.call("live-migrate " + serverUuid, () -> migrations.start(serverUuid, destinationHost));
    }

    @Override
    public LiveMigration migration(String serverUuid, long migrationId) {
        return retrier.call("read migration " + migrationId, () -> migrations.read(serverUuid, migrationId));
    }

    @Override
    public LiveMigration awaitMigration(String serverUuid, long migrationId, Duration timeout,
            Consumer<LiveMigration> progress) {
        return migrations.await(serverUuid, migrationId, timeout, progress, () -> migration(serverUuid, migrationId));
    }

    @Override
    public void abortMigration(String serverUuid, long migrationId) {
        retrier.run("abort migration " + migrationId, () -> migrations.abort(serverUuid, migrationId));
    }

    @Override
    public void stopServer(String serverUuid) {
        retrier.run("stop server " + serverUuid, () -> servers.stop(serverUuid));
    }

    @Override
    public void startServer(String serverUuid) {
        retrier.run("start server " + serverUuid, () -> servers.start(serverUuid));
    }

    @Override
    public void deleteServer(String serverUuid) {
        retrier.run("delete server " + serverUuid, () -> servers.delete(serverUuid));
    }
}
