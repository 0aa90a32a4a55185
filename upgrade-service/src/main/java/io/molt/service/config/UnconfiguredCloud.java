package io.molt.service.config;

import io.molt.service.domain.cloud.CloudException;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.LiveMigration;
import io.molt.service.domain.port.ComputeCloud;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/** Stands in when no cloud is configured: every call says how to configure one. */
final class UnconfiguredCloud implements ComputeCloud {

    private static CloudException none() {
        return new CloudException.Refused("no cloud is configured: set molt.nova.enabled=true (with molt.nova.*) "
                + "or molt.simulation.enabled=true", 503);
    }

    @Override
    public CloudSnapshot snapshot() {
        throw none();
    }

    @Override
    public void disableHost(String host, String reason) {
        throw none();
    }

    @Override
    public void enableHost(String host) {
        throw none();
    }

    @Override
    public Optional<LiveMigration> liveMigrate(String serverUuid, Optional<String> destinationHost) {
        throw none();
    }

    @Override
    public LiveMigration migration(String serverUuid, long migrationId) {
        throw none();
    }

    @Override
    public LiveMigration awaitMigration(String serverUuid, long migrationId, Duration timeout,
            Consumer<LiveMigration> progress) {
        throw none();
    }

    @Override
    public void abortMigration(String serverUuid, long migrationId) {
        throw none();
    }

    @Override
    public void stopServer(String serverUuid) {
        throw none();
    }

    @Override
    public void startServer(String serverUuid) {
        throw none();
    }

    @Override
    public void deleteServer(String serverUuid) {
        throw none();
    }
}
