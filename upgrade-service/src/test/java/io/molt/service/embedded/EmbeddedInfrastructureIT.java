package io.molt.service.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/** Starts the real PostgreSQL and the real broker, uses both as the service will, stops and restarts them. */
class EmbeddedInfrastructureIT {

    @TempDir
    Path tmp;

    @Test
    void servesSqlAndAmqpReleasesItsPortsAndKeepsDataAcrossARestart() throws Exception {
        Path dataDir = tmp.resolve("molt-data");
        int postgresPort;
        int amqpPort;
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dataDir, true)) {
            postgresPort = portOf(infra.jdbcUrl());
            amqpPort = infra.amqpPort();
            assertThat(infra.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
            assertThat(infra.amqpHost()).isEqualTo("127.0.0.1");

            sql(infra, "CREATE TABLE campaign_note (id int PRIMARY KEY, note text)");
            sql(infra, "INSERT INTO campaign_note VALUES (1, 'written before the restart')");
            assertThat(note(infra)).isEqualTo("written before the restart");

            assertThat(publishAndConsumeReport(infra)).isEqualTo("host-1 upgraded");
        }
        assertReleased(postgresPort);
        assertReleased(amqpPort);
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();

        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dataDir, true)) {
            assertThat(note(infra)).isEqualTo("written before the restart");
        }
    }

    @Test
    void aStartAfterTheOwnerWasKilledStopsTheServerItLeftAndKeepsTheData() throws Exception {
        Path dataDir = tmp.resolve("killed");
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), InfrastructureHolder.class.getName(),
                dataDir.toString()).redirectErrorStream(true).start();
        String url;
        try (var out = new BufferedReader(new InputStreamReader(owner.getInputStream(), UTF_8))) {
            url = out.lines().filter(line -> line.startsWith("ready ")).findFirst().orElseThrow().substring(6);
            try (var connection = DriverManager.getConnection(url, "postgres", "");
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE campaign_note (id int PRIMARY KEY, note text)");
                statement.execute("INSERT INTO campaign_note VALUES (1, 'written before the kill')");
            }
            owner.destroyForcibly().waitFor();  // SIGKILL: no shutdown hook runs
        }
        long leftover = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"))
                .get(0).trim());
        assertThat(ProcessHandle.of(leftover)).as("the killed run's PostgreSQL outlives it").isPresent();

        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dataDir, true)) {
            assertThat(note(infra)).isEqualTo("written before the kill");
            assertThat(ProcessHandle.of(leftover).filter(ProcessHandle::isAlive)).as("the leftover server").isEmpty();
        }
    }

    @Test
    void withoutKeepDataStartsEmptyAndDeletesItsDirectoryOnClose() throws Exception {
        Path dataDir = tmp.resolve("throwaway");
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dataDir, true)) {
            sql(infra, "CREATE TABLE campaign_note (id int PRIMARY KEY, note text)");
        }
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dataDir, false)) {
            assertThat(tableExists(infra, "campaign_note")).isFalse();
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void acceptsRabbitMqOnlyQueueArguments() throws Exception {
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(tmp.resolve("args"), false);
                Connection connection = connect(infra)) {
            Channel channel = connection.createChannel();
            channel.queueDeclare("molt.agent.dlq-test", true, false, false,
                    Map.of("x-queue-type", "classic", "x-dead-letter-exchange", "molt.dlx", "x-message-ttl", 60_000));

            assertThat(channel.isOpen()).isTrue();
            assertThat(connection.isOpen()).isTrue();
        }
    }

    @Test
    void springAmqpWorksWithItsDefaultVirtualHostAndPublisherConfirms() throws Exception {
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(tmp.resolve("spring"), false)) {
            var connectionFactory = new CachingConnectionFactory(infra.amqpHost(), infra.amqpPort());
            connectionFactory.setUsername(infra.amqpUser());
            connectionFactory.setPassword(infra.amqpPassword());
            connectionFactory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
            try {
                RabbitAdmin admin = new RabbitAdmin(connectionFactory);
                TopicExchange events = new TopicExchange("molt.events");
                Queue reports = new Queue("molt.reports");
                admin.declareExchange(events);
                admin.declareQueue(reports);
                admin.declareBinding(BindingBuilder.bind(reports).to(events).with("report.#"));
                RabbitTemplate template = new RabbitTemplate(connectionFactory);

                template.invoke(ops -> {
                    ops.convertAndSend("molt.events", "report.host-2.done", "host-2 upgraded");
                    ops.waitForConfirmsOrDie(10_000);
                    return null;
                });

                assertThat(template.receiveAndConvert("molt.reports", 10_000)).isEqualTo("host-2 upgraded");
            } finally {
                connectionFactory.destroy();
            }
        }
    }

    private static String publishAndConsumeReport(EmbeddedInfrastructure infra) throws Exception {
        try (Connection connection = connect(infra)) {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare("molt.events", "topic", true);
            channel.queueDeclare("molt.reports", true, false, false, null);
            channel.queueBind("molt.reports", "molt.events", "report.#");
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            channel.basicConsume("molt.reports", true,
                    (tag, delivery) -> received.add(new String(delivery.getBody(), UTF_8)), tag -> { });

            channel.confirmSelect();
            channel.basicPublish("molt.events", "report.host-1.done", true, null, "host-1 upgraded".getBytes(UTF_8));
            channel.waitForConfirmsOrDie(10_000);

            return received.poll(10, TimeUnit.SECONDS);
        }
    }

    private static Connection connect(EmbeddedInfrastructure infra) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(infra.amqpHost());
        factory.setPort(infra.amqpPort());
        factory.setUsername(infra.amqpUser());
        factory.setPassword(infra.amqpPassword());
        return factory.newConnection("embedded-infrastructure-it");
    }

    private static void sql(EmbeddedInfrastructure infra, String statement) throws SQLException {
        try (var c = DriverManager.getConnection(infra.jdbcUrl(), infra.jdbcUser(), null);
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static String note(EmbeddedInfrastructure infra) throws SQLException {
        try (var c = DriverManager.getConnection(infra.jdbcUrl(), infra.jdbcUser(), null);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT note FROM campaign_note WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static boolean tableExists(EmbeddedInfrastructure infra, String table) throws SQLException {
        try (var c = DriverManager.getConnection(infra.jdbcUrl(), infra.jdbcUser(), null);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static int portOf(String jdbcUrl) {
        String hostPort = jdbcUrl.substring("jdbc:postgresql://".length(), jdbcUrl.lastIndexOf('/'));
        return Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1));
    }

    private static void assertReleased(int port) {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                return socket.getLocalPort() == port;
            }
        });
    }
}
