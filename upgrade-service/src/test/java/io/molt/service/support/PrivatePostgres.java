package io.molt.service.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.springframework.util.FileSystemUtils;

/**
 * A PostgreSQL cluster of the test's own, made with the installed server's {@code initdb} in a temporary
 * directory and run with {@code pg_ctl} on a free port of 127.0.0.1 (trust authentication, user
 * {@code postgres}), so that a test may stop and start it under a running service without touching the
 * machine's shared server. As root the tools run as the {@code postgres} user (initdb refuses root).
 */
public final class PrivatePostgres implements AutoCloseable {

    private final Path dir;
    private final Path bin;
    private final int port;

    private PrivatePostgres(Path dir, Path bin, int port) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
    }

    /** A new cluster, started, with an empty database {@code molt}. */
    public static PrivatePostgres start() {
        try {
            Path dir = Files.createTempDirectory("molt-fault-pg-");
            PrivatePostgres pg = new PrivatePostgres(dir, installedBin(), freePort());
            if (isRoot()) {
                run(List.of("chown", "postgres", dir.toString()));
            }
            pg.tool("initdb", "-D", dir.resolve("data").toString(), "-U", "postgres", "-A", "trust", "--no-sync",
                    "-E", "UTF8");
            pg.startServer();
            try (Connection c = DriverManager.getConnection(pg.url("postgres"), "postgres", null);
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE molt");
            }
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a private PostgreSQL cluster", e);
        } catch (SQLException e) {
            throw new IllegalStateException("the private PostgreSQL cluster does not answer", e);
        }
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The JDBC URL of database {@code molt}. */
    public String url() {
        return url("molt");
    }

    /** Stops the server ({@code pg_ctl stop -m fast}: every session is terminated, a clean shutdown). */
    public void stopServer() {
        tool("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop");
    }

    /** Starts the server on its port again and waits until it takes connections. */
    public void startServer() {
        tool("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(), "-w", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    }

    @Override
    public void close() {
        try {
            stopServer();
        } catch (RuntimeException e) {
            // already stopped
        }
        try {
            FileSystemUtils.deleteRecursively(dir);
        } catch (IOException e) {
            // a temporary directory
        }
    }

    private void tool(String name, String... args) {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(name).toString());
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command) + " did not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Path installedBin() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server installed under "
                            + "/usr/lib/postgresql (dev/services installs it)"));
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
