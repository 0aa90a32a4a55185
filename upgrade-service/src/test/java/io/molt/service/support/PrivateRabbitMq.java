package io.molt.service.support;

import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;

/**
 * A RabbitMQ node of the test's own: the installed {@code rabbitmq-server} with its own node name
 * ({@code molt-fault-<random>@localhost}), AMQP and distribution ports, and its database, logs, config and
 * Erlang cookie in a temporary directory, so that a test may stop and start it under a running service without
 * touching the machine's shared broker. A restart keeps its durable queues and persistent messages (same node
 * name, same database directory). User {@code guest} from 127.0.0.1.
 */
public final class PrivateRabbitMq implements AutoCloseable {

    private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final String node;
    private final int port;
    private final int distributionPort;
    private Process process;

    private PrivateRabbitMq(Path dir, String node, int port, int distributionPort) {
        this.dir = dir;
        this.node = node;
        this.port = port;
        this.distributionPort = distributionPort;
    }

    /** A new node, started and taking AMQP connections. */
    public static PrivateRabbitMq start() {
        try {
            if (!Files.isExecutable(SERVER)) {
                throw new IllegalStateException("no RabbitMQ server at " + SERVER + " (dev/services installs it)");
            }
            Path dir = Files.createTempDirectory("molt-fault-mq-");
            Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
            Files.writeString(dir.resolve("rabbitmq.conf"), "loopback_users.guest = true\n");
            PrivateRabbitMq mq = new PrivateRabbitMq(dir, "molt-fault-" + UUID.randomUUID().toString().substring(0, 8)
                    + "@localhost", PrivatePostgres.freePort(), PrivatePostgres.freePort());
            mq.startServer();
            return mq;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a private RabbitMQ node", e);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** Starts the node (again) and waits until it takes an AMQP connection. */
    public void startServer() {
        try {
            ProcessBuilder builder = new ProcessBuilder(SERVER.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.out").toFile()));
            Map<String, String> env = builder.environment();
            env.put("HOME", dir.toString());
            env.put("RABBITMQ_NODENAME", node);
            env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
            env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
            env.put("RABBITMQ_DIST_PORT", Integer.toString(distributionPort));
            env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
            env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
            env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString());
            env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
            env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
            env.put("RABBITMQ_PLUGINS_EXPAND_DIR", dir.resolve("plugins-expand").toString());
            env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
            env.put("RABBITMQ_PID_FILE", dir.resolve("node.pid").toString());
            process = builder.start();
            awaitAmqp();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start RabbitMQ node " + node, e);
        }
    }

    /** Stops the node as a service manager does (SIGTERM: a clean shutdown) and waits until it is gone. */
    public void stopServer() {
        ProcessHandle.of(process.pid()).ifPresent(script -> {
            script.descendants().forEach(ProcessHandle::destroy);
            script.destroy();
        });
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            // the Erlang VM's helpers (epmd is shared and stays) end with it
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (process.descendants().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stopServer();
        }
        try {
            FileSystemUtils.deleteRecursively(dir);
        } catch (IOException e) {
            // a temporary directory
        }
    }

    private void awaitAmqp() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host());
        factory.setPort(port);
        factory.setConnectionTimeout(2000);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try (var connection = factory.newConnection("molt-fault-probe")) {
                return;
            } catch (Exception e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("RabbitMQ node " + node + " did not start: see "
                            + dir.resolve("server.out") + " and " + dir.resolve("log"), e);
                }
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
