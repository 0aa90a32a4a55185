package io.molt.service.adapter.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.molt.protocol.Envelope;
import io.molt.protocol.HostCapabilities;
import io.molt.protocol.ProtocolCodec;
import io.molt.protocol.Report;
import io.molt.protocol.Topology;
import io.molt.service.domain.port.Agents;
import io.molt.service.support.ServiceTestEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Malformed and forged reports published on the real broker are rejected with their reason, counted
 * in the Prometheus metric, and do not stop the consumer: a valid report after them is applied.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class RejectedReportsIT {

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("rejects");
    private static final HostCapabilities CAPS = RejectedReports.CAPS;

    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    Agents agents;
    @Autowired
    TestRestTemplate http;

    private final ProtocolCodec codec = new ProtocolCodec();
    private final Topology topology = new Topology(env.prefix());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @AfterAll
    static void cleanUp() {
        env.close();
    }

    @Test
    void everyKindOfBadReportIsRejectedWithItsReasonAndTheConsumerGoesOn() {
        publish("report.heartbeat.a", "{not json".getBytes(StandardCharsets.UTF_8));
        publish("report.heartbeat.a", raw("report.selfdestruct", 1, "\"a\"", "{}"));
        publish("report.heartbeat.a", raw("report.heartbeat", 7, "\"a\"", "{\"uptime_ms\":1}"));
        publish("report.heartbeat.a", raw("report.heartbeat", 1, "null", "{\"uptime_ms\":1}"));
        publish("report.hello.a", raw("report.hello", 1, "\"a\"", "{\"agentVersion\":\"1\"}"));
        // host b's hello published under a's identity: forged
        publish("report.hello.a", codec.encode(Envelope.of("b", null, new Report.AgentHello("1", CAPS), Instant.now())));
        publish("report.hello.a", codec.encode(Envelope.command("c1", "a", null,
                new io.molt.protocol.Commands.Ping(null), Instant.now())));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String metrics = http.getForObject("/actuator/prometheus", String.class);
            assertThat(rejected(metrics, "malformed_json")).isEqualTo(1);
            assertThat(rejected(metrics, "unknown_type")).isEqualTo(1);
            assertThat(rejected(metrics, "unsupported_version")).isEqualTo(1);
            assertThat(rejected(metrics, "invalid_field")).isEqualTo(2);
            assertThat(rejected(metrics, "foreign_host")).isEqualTo(1);
            assertThat(rejected(metrics, "wrong_direction")).isEqualTo(1);
        });
        assertThat(agents.find("b")).isEmpty();

        publish("report.hello.a", codec.encode(Envelope.of("a", null, new Report.AgentHello("1.2.3", CAPS),
                Instant.now())));

        await().atMost(Duration.ofSeconds(10)).until(() -> agents.find("a").isPresent());
        assertThat(agents.find("a").orElseThrow().agentVersion()).isEqualTo("1.2.3");
    }

    private void publish(String routingKey, byte[] body) {
        RejectedReports.publish(rabbit, topology, routingKey, body);
    }

    private static byte[] raw(String type, int version, String host, String payload) {
        return RejectedReports.raw(type, version, host, payload);
    }

    private static double rejected(String metrics, String reason) {
        return RejectedReports.count(metrics, reason);
    }
}
