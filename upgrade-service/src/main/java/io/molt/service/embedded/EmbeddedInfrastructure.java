package io.molt.service.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * PostgreSQL and an AMQP broker for a machine that has nothing but Java: what the one-command local run and
 * the demo use. Never for production: one unreplicated PostgreSQL, a broker that keeps nothing on disk.
 *
 * <p>Layout under the data directory: {@code postgres/} holds the cluster, {@code postgres.log} is its server
 * log, {@code amqp/} is Qpid's work directory. With {@code keepData} the cluster survives {@link #close()} and
 * the next start reuses it; without it, the start begins from an empty cluster and {@code close()} deletes all
 * three (and the data directory itself when nothing else is left in it). Broker queues and messages never survive a restart.
 * A server that a killed earlier run left on the cluster is stopped first ({@link LeftoverPostgres}).
 */
public final class EmbeddedInfrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

    private final Path dataDir;
    private final boolean keepData;
    private final EmbeddedPostgresServer postgres;
    private final EmbeddedAmqpBroker broker;

    private EmbeddedInfrastructure(Path dataDir, boolean keepData, EmbeddedPostgresServer postgres,
            EmbeddedAmqpBroker broker) {
        this.dataDir = dataDir;
        this.keepData = keepData;
        this.postgres = postgres;
        this.broker = broker;
    }

    /** Starts PostgreSQL, then the broker, each on a free port of 127.0.0.1. */
    public static EmbeddedInfrastructure start(Path dataDir, boolean keepData) throws IOException {
        long started = System.nanoTime();
        Path absolute = dataDir.toAbsolutePath().normalize();
        LeftoverPostgres.stop(clusterDir(absolute));
        if (!keepData) {
            deleteOwnDirectories(absolute);
        }
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(clusterDir(absolute), postgresLog(absolute));
        EmbeddedAmqpBroker broker;
        try {
            broker = EmbeddedAmqpBroker.start(brokerDir(absolute));
        } catch (Exception e) {
            postgres.close();
            throw new IOException("The embedded AMQP broker did not start", e);
        }
        log.info("Embedded infrastructure ready in {} ms: PostgreSQL {}, AMQP {}:{}, data in {}{}",
                Durations.millisSince(started), postgres.jdbcUrl(), EmbeddedAmqpBroker.HOST, broker.port(),
                absolute, keepData ? " (kept)" : " (deleted on close)");
        return new EmbeddedInfrastructure(absolute, keepData, postgres, broker);
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    /** The superuser; the server trusts local connections, so there is no password. */
    public String jdbcUser() {
        return EmbeddedPostgresServer.USER;
    }

    public String amqpHost() {
        return EmbeddedAmqpBroker.HOST;
    }

    public int amqpPort() {
        return broker.port();
    }

    public String amqpUser() {
        return EmbeddedAmqpBroker.USER;
    }

    public String amqpPassword() {
        return EmbeddedAmqpBroker.PASSWORD;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker and PostgreSQL (waiting for both), then deletes the data unless it is kept. */
    @Override
    public void close() {
        try {
            broker.close();
        } finally {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not stop the embedded PostgreSQL", e);
            }
        }
        if (!keepData) {
            deleteOwnDirectories(dataDir);
            log.info("Deleted the embedded data in {}", dataDir);
        }
    }

    private static Path clusterDir(Path dataDir) {
        return dataDir.resolve("postgres");
    }

    private static Path postgresLog(Path dataDir) {
        return dataDir.resolve("postgres.log");
    }

    private static Path brokerDir(Path dataDir) {
        return dataDir.resolve("amqp");
    }

    private static void deleteOwnDirectories(Path dataDir) {
        try {
            FileSystemUtils.deleteRecursively(clusterDir(dataDir));
            Files.deleteIfExists(postgresLog(dataDir));
            FileSystemUtils.deleteRecursively(brokerDir(dataDir));
            if (Files.isDirectory(dataDir)) {
                try (var rest = Files.list(dataDir)) {
                    if (rest.findAny().isEmpty()) {
                        Files.delete(dataDir);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the embedded data in " + dataDir, e);
        }
    }
}
