package io.molt.service.domain.port;

import io.molt.service.domain.cloud.CloudException;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.LiveMigration;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The cloud's control plane (Nova) as the campaign engine needs it. Every action checks the world
 * before it acts, so that repeating it is harmless. Failures are {@link CloudException}s; transient ones
 * have already been retried (with backoff, a bounded number of times) when they reach the caller.
 */
public interface ComputeCloud {

    /** Reads hosts, services, servers, server groups, zones and aggregates as they are now. */
    CloudSnapshot snapshot();

    /** Disables the host's compute service with a reason; a no-op if it is disabled with that reason. */
    void disableHost(String host, String reason);

    /** Enables the host's compute service; a no-op if it is enabled. */
    void enableHost(String host);

    /**
     * Starts a live migration of an ACTIVE server, to the given host or, when empty, to the scheduler's
     * choice. If the server is already on that host, returns empty; if it is already migrating, returns
     * that migration. Throws {@link CloudException.NoValidHost} or {@link CloudException.Refused} when the
     * cloud refuses (the server then stays where it was).
     */
    Optional<LiveMigration> liveMigrate(String serverUuid, Optional<String> destinationHost);

    /** The migration's current record, with memory progress while it runs. */
    LiveMigration migration(String serverUuid, long migrationId);

    /**
     * Follows a migration until it ends (completed, cancelled, error, failed), reporting each record read
     * to {@code progress}; throws {@link CloudException.Transient} if it has not ended within {@code timeout}.
     */
    LiveMigration awaitMigration(String serverUuid, long migrationId, Duration timeout, Consumer<LiveMigration> progress);

    /** Asks the cloud to abort a running migration; a no-op if it has already been cancelled. */
    void abortMigration(String serverUuid, long migrationId);

    /** Stops a server (powers it off) and waits until it is SHUTOFF; a no-op if it already is. */
    void stopServer(String serverUuid);

    /** Starts a stopped server and waits until it is ACTIVE; a no-op if it already is. */
    void startServer(String serverUuid);

    /** Deletes a server and waits until it is gone; a no-op if it does not exist. */
    void deleteServer(String serverUuid);
}
