package io.molt.service.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.ConfiguredObject;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.SystemConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An AMQP 0-9-1 broker (Apache Qpid Broker-J) in this JVM, on a free port of 127.0.0.1, with everything in
 * memory. Its configuration is {@code embedded/qpid-initial-config.json}: user {@code guest}/{@code guest} over
 * SASL PLAIN, one virtual host that answers to {@code /} (what the RabbitMQ client and Spring AMQP ask for by
 * default), and RabbitMQ-only queue arguments ({@code x-queue-type}, {@code x-dead-letter-*}...) logged and
 * ignored instead of refused.
 */
final class EmbeddedAmqpBroker implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final String USER = "guest";
    static final String PASSWORD = "guest";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedAmqpBroker.class);
    private static final String INITIAL_CONFIG = "/embedded/qpid-initial-config.json";
    private static final String AMQP_PORT_NAME = "AMQP";

    private final SystemLauncher launcher;
    private final int port;

    private EmbeddedAmqpBroker(SystemLauncher launcher, int port) {
        this.launcher = launcher;
        this.port = port;
    }

    /** Starts the broker; {@code workDir} takes whatever Qpid writes instead of {@code ./work}. */
    static EmbeddedAmqpBroker start(Path workDir) throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(workDir);
        AtomicReference<SystemConfig<?>> system = new AtomicReference<>();
        SystemLauncher launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {
            @Override
            public void onContainerResolve(SystemConfig<?> systemConfig) {
                system.set(systemConfig);
            }
        });
        launcher.startup(Map.of(
                ConfiguredObject.TYPE, "Memory",
                SystemConfig.INITIAL_CONFIGURATION_LOCATION, initialConfigIn(workDir),
                SystemConfig.INITIAL_SYSTEM_PROPERTIES_LOCATION, emptySystemPropertiesIn(workDir),
                SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false,
                ConfiguredObject.CONTEXT, Map.of(
                        SystemConfig.PROPERTY_QPID_WORK, workDir.toString(),
                        SystemConfig.QPID_WORK_DIR, workDir.toString(),
                        "qpid.amqp_port", "0")));
        int port;
        try {
            port = boundAmqpPort(system.get());
        } catch (RuntimeException e) {
            launcher.shutdown();
            throw e;
        }
        log.info("Embedded AMQP broker (Qpid Broker-J) on {}:{}, work dir {}, started in {} ms", HOST, port,
                workDir, Durations.millisSince(started));
        return new EmbeddedAmqpBroker(launcher, port);
    }

    /**
     * Qpid opens its initial configuration by URL, and its {@code classpath:} URL handler is found through the
     * system class loader, which cannot see into the service's Spring Boot jar: copy the file into the work
     * directory and hand over a file URL.
     */
    private static String initialConfigIn(Path workDir) throws IOException {
        Path file = workDir.resolve("qpid-initial-config.json");
        try (InputStream in = EmbeddedAmqpBroker.class.getResourceAsStream(INITIAL_CONFIG)) {
            if (in == null) {
                throw new IOException("resource " + INITIAL_CONFIG + " is missing from the service jar");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file.toUri().toString();
    }

    /** Without a location Qpid opens {@code classpath:system.properties}, a URL scheme a Boot jar cannot serve. */
    private static String emptySystemPropertiesIn(Path workDir) throws IOException {
        Path file = workDir.resolve("qpid-system.properties");
        Files.writeString(file, "# no extra system properties for the embedded broker\n");
        return file.toUri().toString();
    }

    private static int boundAmqpPort(SystemConfig<?> system) {
        if (system == null) {
            throw new IllegalStateException("Qpid started without resolving its broker");
        }
        @SuppressWarnings("unchecked") // Qpid takes the raw class literal Broker.class for its self-typed Broker<X>
        Broker<?> broker = system.getContainer(Broker.class);
        return broker.getPorts().stream()
                .filter(p -> AMQP_PORT_NAME.equals(p.getName()))
                .mapToInt(Port::getBoundPort)
                .filter(p -> p > 0)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Qpid's AMQP port is not bound"));
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        long started = System.nanoTime();
        try {
            launcher.shutdown();
        } catch (IllegalStateException e) {
            // on Ctrl-C, Qpid's own shutdown hook may have stopped the broker first
            log.debug("Embedded AMQP broker was already stopped: {}", e.getMessage());
        }
        log.info("Embedded AMQP broker on port {} stopped in {} ms", port, Durations.millisSince(started));
    }
}
