package io.molt.service.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.molt.service.UpgradeServiceApplication;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.embedded.EmbeddedInfrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo's embedded run: the service log in a file under the data directory, embedded PostgreSQL and
 * the embedded AMQP broker, and the service (the same Spring application as {@code molt serve}) on the
 * simulated cloud, with the engine settings of the demo: a fast tick, {@link #MAX_ATTEMPTS} attempts a
 * step, step timeouts scaled like the simulation's durations. {@link #close()} stops the service, then
 * the infrastructure (deleting the database unless kept), once, from whichever thread calls it first.
 */
final class EmbeddedDemo implements AutoCloseable {

    /** Attempts of a failing step before its host is FAILED and the campaign PAUSED. */
    static final int MAX_ATTEMPTS = 2;

    /** Logs of earlier runs kept beside the current one. */
    static final int KEPT_LOGS = 5;

    private final Path dataDir;
    private final boolean keepData;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile EmbeddedInfrastructure infra;
    private volatile ConfigurableApplicationContext context;

    EmbeddedDemo(Path dataDir, boolean keepData) {
        this.dataDir = dataDir.toAbsolutePath();
        this.keepData = keepData;
    }

    Path dataDir() {
        return dataDir;
    }

    Path log() {
        return dataDir.resolve("molt.log");
    }

    /**
     * Starts everything; the service simulates {@code cloud} at {@code timeScale} and listens on {@code port};
     * the simulated agents send heartbeats every second (an agent is offline after 4 s of silence).
     */
    void start(CloudSnapshot cloud, int port, double timeScale) throws IOException {
        start(cloud, port, timeScale, Duration.ofSeconds(1), Duration.ofSeconds(4));
    }

    /** As {@link #start(CloudSnapshot, int, double)}, with the agents' heartbeat interval and the offline limit. */
    void start(CloudSnapshot cloud, int port, double timeScale, Duration heartbeat, Duration offlineAfter)
            throws IOException {
        infra = EmbeddedInfrastructure.start(dataDir, keepData);
        context = startService(cloud, port, timeScale, heartbeat, offlineAfter);
    }

    /**
     * Creates the data directory and sends all logging (the broker's start-up too) to a new log file; the
     * logs of the {@value #KEPT_LOGS} runs before are kept beside it as {@code molt.log.1} (the newest) and on.
     */
    void logToFile() throws IOException {
        Files.createDirectories(dataDir);
        KeptLogs.shift(log(), KEPT_LOGS);
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext logback)) {
            return;
        }
        logback.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(logback);
        encoder.setPattern("%d{HH:mm:ss.SSS} %5p [%t] %logger{36}: %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(logback);
        appender.setFile(log().toString());
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        logback.getLogger("qpid.message").setLevel(Level.WARN);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    boolean closed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> LoggerFactory.getLogger(EmbeddedDemo.class)
                .warn("{} ended while the demo stopped: {}", thread.getName(), e.toString()));
        if (context != null) {
            context.close();
        }
        if (infra != null) {
            infra.close();
        }
    }

    private ConfigurableApplicationContext startService(CloudSnapshot cloud, int port, double timeScale,
            Duration heartbeat, Duration offlineAfter) {
        SpringApplication app = new SpringApplication(UpgradeServiceApplication.class);
        app.setRegisterShutdownHook(false);
        app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("demoCloud", cloud));
        long agentTimeoutMs = Math.max(3000, Math.round(600_000 * timeScale));
        long upgradeTimeoutMs = Math.max(agentTimeoutMs, Math.round(1_800_000 * timeScale));
        return app.run(
                "--server.port=" + port,
                "--spring.main.banner-mode=off",
                "--logging.file.name=" + log(),
                "--logging.threshold.console=OFF",
                "--spring.datasource.url=" + infra.jdbcUrl(),
                "--spring.datasource.username=" + infra.jdbcUser(),
                "--spring.rabbitmq.host=" + infra.amqpHost(),
                "--spring.rabbitmq.port=" + infra.amqpPort(),
                "--spring.rabbitmq.username=" + infra.amqpUser(),
                "--spring.rabbitmq.password=" + infra.amqpPassword(),
                "--molt.auth.mode=noauth",
                "--molt.simulation.enabled=true",
                "--molt.simulation.time-scale=" + timeScale,
                "--molt.simulation.heartbeat=" + heartbeat.toMillis() + "ms",
                "--molt.agents.offline-after=" + offlineAfter.toMillis() + "ms",
                "--molt.engine.tick=50ms",
                "--molt.engine.max-attempts=" + MAX_ATTEMPTS,
                "--molt.engine.agent-step-timeout=" + agentTimeoutMs + "ms",
                "--molt.engine.upgrade-step-timeout=" + upgradeTimeoutMs + "ms",
                "--logging.level.qpid.message=WARN",
                "--logging.level.org.apache.qpid.server.configuration.updater=OFF");
    }
}
