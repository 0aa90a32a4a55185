package io.molt.agent.amqp;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test CA (made here with openssl), a broker certificate it signs for {@code localhost} only, a second CA
 * that signed nothing, and a TLS listener for them added at runtime to the machine's RabbitMQ on a free port of
 * 127.0.0.1 ({@code rabbitmqctl eval}: no restart, the broker's other listeners are untouched) and removed by
 * {@link #close}.
 */
final class TlsBroker implements AutoCloseable {

    private final Path dir;
    private final int port;

    private TlsBroker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static TlsBroker start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("molt-tls-");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "1", "-subj", "/CN=Molt test CA");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out",
                "other-ca.pem", "-days", "1", "-subj", "/CN=Molt other CA");
        run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "broker.key", "-out", "broker.csr",
                "-subj", "/CN=localhost");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost\n");
        run(dir, "openssl", "x509", "-req", "-in", "broker.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "broker.pem", "-days", "1", "-extfile", "san.ext");
        dir.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        for (String file : List.of("ca.pem", "broker.pem", "broker.key")) {
            dir.resolve(file).toFile().setReadable(true, false); // the broker may run as its own user
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        run(dir, "rabbitmqctl", "eval", "rabbit_networking:start_ssl_listener({\"127.0.0.1\", " + port + "}, ["
                + "{cacertfile, \"" + dir.resolve("ca.pem") + "\"}, {certfile, \"" + dir.resolve("broker.pem")
                + "\"}, {keyfile, \"" + dir.resolve("broker.key") + "\"}], 1, 1).");
        return new TlsBroker(dir, port);
    }

    int port() {
        return port;
    }

    Path ca() {
        return dir.resolve("ca.pem");
    }

    Path otherCa() {
        return dir.resolve("other-ca.pem");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String child = "'rabbit_tcp_listener_sup_127.0.0.1:" + port + "'";
        try {
            run(dir, "rabbitmqctl", "eval", "supervisor:terminate_child(rabbit_sup, " + child + "), "
                    + "supervisor:delete_child(rabbit_sup, " + child + ").");
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(command));
        Path output = Files.createTempFile("molt-tls-cmd-", ".log");
        try {
            Process process = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command[0] + " did not finish within 60 s");
            }
            String out = Files.readString(output);
            if (process.exitValue() != 0 || out.contains("{error,") || out.startsWith("Error")) {
                throw new IOException(String.join(" ", command[0], command[1]) + " failed (is RabbitMQ running and"
                        + " rabbitmqctl allowed? dev/services up starts it): " + out);
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
