package io.molt.service.adapter.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.molt.protocol.Envelope;
import io.molt.protocol.HostCapabilities;
import io.molt.protocol.ProtocolCodec;
import io.molt.protocol.Report;
import io.molt.protocol.Topology;
import io.molt.service.domain.port.Agents;
import io.molt.service.support.ServiceTestEnvironment;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Per-agent broker users ({@code molt.amqp.agent-user-pattern}) on the real RabbitMQ: a report is applied only
 * when the broker user that published it (RabbitMQ checks the {@code user_id} property against the
 * connection's user) is the pattern's user for the report's host. The test creates two users with
 * {@code rabbitmqctl} and deletes them afterwards.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AgentUserIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String HOST_A = "ua-" + RUN;
    private static final String HOST_B = "ub-" + RUN;
    private static final String PASSWORD = UUID.randomUUID().toString();
    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("agentuser");
    private static final HostCapabilities CAPS = RejectedReports.CAPS;

    @Autowired
    Agents agents;
    @Autowired
    TestRestTemplate http;

    private final ProtocolCodec codec = new ProtocolCodec();
    private final Topology topology = new Topology(env.prefix());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
        registry.add("molt.amqp.agent-user-pattern", () -> "molt-it-{host}");
    }

    @BeforeAll
    static void createUsers() throws Exception {
        for (String host : List.of(HOST_A, HOST_B)) {
            rabbitmqctl("add_user", "molt-it-" + host, PASSWORD);
            rabbitmqctl("set_permissions", "-p", "/", "molt-it-" + host, ".*", ".*", ".*");
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try {
            for (String host : List.of(HOST_A, HOST_B)) {
                rabbitmqctl("delete_user", "molt-it-" + host);
            }
        } finally {
            env.close();
        }
    }

    @Test
    void aReportIsAppliedOnlyWhenItsBrokerUserIsTheOneOfItsHost() throws Exception {
        // a's user sends b's hello on b's routing key: the routing key agrees, the broker user does not
        publishAs("molt-it-" + HOST_A, HOST_B, true);
        // no user_id at all
        publishAs("molt-it-" + HOST_B, HOST_B, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> rejectedForeign() == 2);

        publishAs("molt-it-" + HOST_A, HOST_A, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> agents.find(HOST_A).isPresent());
        assertThat(agents.find(HOST_B)).isEmpty();
        assertThat(rejectedForeign()).isEqualTo(2);
    }

    private void publishAs(String user, String host, boolean withUserId) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(ServiceTestEnvironment.AMQP_HOST);
        factory.setUsername(user);
        factory.setPassword(PASSWORD);
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            AMQP.BasicProperties.Builder props = new AMQP.BasicProperties.Builder().contentType("application/json");
            if (withUserId) {
                props.userId(user);
            }
            channel.confirmSelect();
            channel.basicPublish(topology.eventsExchange(), "report.hello." + host, props.build(),
                    codec.encode(Envelope.of(host, null, new Report.AgentHello("1", CAPS), Instant.now())));
            channel.waitForConfirmsOrDie(10_000);
        }
    }

    private double rejectedForeign() {
        return RejectedReports.count(http.getForObject("/actuator/prometheus", String.class), "foreign_host");
    }

    private static void rabbitmqctl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("rabbitmqctl " + args[0] + " failed (is RabbitMQ running? dev/services up): "
                    + output);
        }
    }
}
