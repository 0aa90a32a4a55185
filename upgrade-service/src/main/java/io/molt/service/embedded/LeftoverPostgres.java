package io.molt.service.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server that an earlier run left on a cluster directory when it was killed (SIGKILL, a lost
 * terminal): the embedded server is a process of its own and outlives the JVM that started it, holding the
 * cluster's lock file ({@code postmaster.pid}) so that the next start fails. Before a cluster is reused or
 * deleted, {@link #stop} finds that server by the lock file's first line (its process id) and stops it:
 * SIGTERM (PostgreSQL's smart shutdown; the killed run's sessions are gone), then SIGKILL if it has not
 * ended in {@link #GRACE}. A lock file whose process is gone, or is not a PostgreSQL server, is stale and
 * removed.
 */
final class LeftoverPostgres {

    static final Duration GRACE = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(LeftoverPostgres.class);

    private LeftoverPostgres() {
    }

    /** Stops the server that holds {@code clusterDir}, if any; returns its process id when there was one. */
    static Optional<Long> stop(Path clusterDir) throws IOException {
        Path lockFile = clusterDir.resolve("postmaster.pid");
        Optional<Long> pid = pidIn(lockFile);
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> server = ProcessHandle.of(pid.get()).filter(LeftoverPostgres::isPostgres);
        if (server.isEmpty()) {
            log.warn("Removing the stale lock file {} (process {} is not a running PostgreSQL server)", lockFile,
                    pid.get());
            Files.deleteIfExists(lockFile);
            return Optional.empty();
        }
        log.warn("A PostgreSQL server left by an earlier run (process {}) holds {}; stopping it", pid.get(),
                clusterDir);
        server.get().destroy();
        if (!ended(server.get(), GRACE)) {
            log.warn("PostgreSQL process {} did not stop in {} s; killing it", pid.get(), GRACE.toSeconds());
            server.get().destroyForcibly();
            if (!ended(server.get(), GRACE)) {
                throw new IOException("PostgreSQL process " + pid.get() + " holds " + clusterDir
                        + " and does not stop; stop it (kill " + pid.get() + ") and start again");
            }
        }
        return pid;
    }

    private static Optional<Long> pidIn(Path lockFile) throws IOException {
        if (!Files.exists(lockFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(lockFile, StandardCharsets.US_ASCII);
        try {
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            log.warn("Removing the unreadable lock file {}", lockFile);
            Files.deleteIfExists(lockFile);
            return Optional.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.isAlive() && process.info().command()
                .map(command -> Path.of(command).getFileName().toString().startsWith("postgres"))
                .orElse(false);
    }

    private static boolean ended(ProcessHandle process, Duration within) {
        try {
            process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
