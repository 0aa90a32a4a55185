package io.molt.service.adapter.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.LiveMigration;
import io.molt.service.domain.port.ComputeCloud;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link ComputeCloud} that counts the live migrations this replica is following
 * ({@code molt_live_migrations_in_flight}; only the replica holding a campaign's lease migrates, so the sum over
 * replicas is the cloud's number). Everything else goes straight through.
 */
public final class MeteredComputeCloud implements ComputeCloud {

    private final ComputeCloud cloud;
    private final AtomicInteger inFlight = new AtomicInteger();

    public MeteredComputeCloud(ComputeCloud cloud, MeterRegistry registry) {
        this.cloud = cloud;
        Gauge.builder("molt.live.migrations.in.flight", inFlight, AtomicInteger::get)
                .description("Live migrations the engine of this replica is following").register(registry);
    }

    @Override
    public LiveMigration awaitMigration(String serverUuid, long migrationId, Duration timeout,
            Consumer<LiveMigration> progress) {
        inFlight.incrementAndGet();
        try {
            return cloud.awaitMigration(serverUuid, migrationId, timeout, progress);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public CloudSnapshot snapshot() {
        return cloud.snapshot();
    }

    @Override
    public void disableHost(String host, String reason) {
        cloud.disableHost(host, reason);
    }

    @Override
    public void enableHost(String host) {
        cloud.enableHost(host);
    }

    @Override
    public Optional<LiveMigration> liveMigrate(String serverUuid, Optional<String> destinationHost) {
        return cloud.liveMigrate(serverUuid, destinationHost);
    }

    @Override
    public LiveMigration migration(String serverUuid, long migrationId) {
        return cloud.migration(serverUuid, migrationId);
    }

    @Override
    public void abortMigration(String serverUuid, long migrationId) {
        cloud.abortMigration(serverUuid, migrationId);
    }

    @Override
    public void stopServer(String serverUuid) {
        cloud.stopServer(serverUuid);
    }

    @Override
    public void startServer(String serverUuid) {
        cloud.startServer(serverUuid);
    }

    @Override
    public void deleteServer(String serverUuid) {
        cloud.deleteServer(serverUuid);
    }
}
