package io.molt.service.adapter.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.support.AgentProcess;
import io.molt.service.support.ServiceTestEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service and two real agent processes (hosts {@code a} and {@code b}) on the real RabbitMQ and
 * PostgreSQL: registration, a ping answered by the right host only, and an agent going offline.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "molt.agents.offline-after=3s")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AgentRegistryIT {

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("registry", "a", "b");
    private static AgentProcess agentA;
    private static AgentProcess agentB;

    @TempDir
    static Path dir;

    @Autowired
    TestRestTemplate http;

    private final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @AfterAll
    static void stopEverything() {
        if (agentA != null) {
            agentA.close();
        }
        if (agentB != null) {
            agentB.close();
        }
        env.close();
    }

    @Test
    @Order(1)
    void bothAgentsRegisterWithTheirCapabilities() throws Exception {
        agentA = AgentProcess.start("a", ServiceTestEnvironment.AMQP_URI, env.prefix(), dir);
        agentB = AgentProcess.start("b", ServiceTestEnvironment.AMQP_URI, env.prefix(), dir);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(status("a")).as(agentA.output()).isEqualTo("online");
            assertThat(status("b")).as(agentB.output()).isEqualTo("online");
        });
        JsonNode a = get("/v1/agents/a").path("agent");
        assertThat(a.path("protocol_version").asInt()).isEqualTo(1);
        assertThat(a.path("agent_version").asText()).isNotBlank();
        assertThat(a.path("capabilities").path("libvirt_uri").asText()).isEqualTo("test:///default");
        assertThat(a.path("capabilities").path("free_memory_bytes").asLong()).isPositive();
        assertThat(a.path("last_heartbeat").asText()).isNotBlank();
    }

    @Test
    @Order(2)
    void aPingToAIsAnsweredByAOnly() throws Exception {
        String commandId = ping("a");

        JsonNode command = await().atMost(Duration.ofSeconds(15))
                .until(() -> get("/v1/agents/a/commands/" + commandId).path("command"),
                        c -> c.hasNonNull("outcome"));

        assertThat(command.path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(command.path("details").path("host").asText()).isEqualTo("a");
        assertThat(command.path("message").asText()).isEqualTo("pong from a");
        assertThat(agentB.output()).doesNotContain(commandId);
        assertThat(agentA.output()).contains(commandId);
        assertThat(http.getForEntity("/v1/agents/b/commands/" + commandId, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    @Order(3)
    void aStoppedAgentTurnsOfflineAfterTheConfiguredSilence() throws Exception {
        agentB.close();
        long stoppedAt = System.nanoTime();

        await().atMost(Duration.ofSeconds(15)).until(() -> status("b").equals("offline"));

        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isGreaterThan(Duration.ofSeconds(2));
        assertThat(status("a")).isEqualTo("online");
    }

    @Test
    @Order(4)
    void unknownHostsAndBadNamesGetClearErrors() throws Exception {
        ResponseEntity<String> unknown = http.getForEntity("/v1/agents/nowhere", String.class);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(json.readTree(unknown.getBody()).path("itemNotFound").path("message").asText())
                .contains("no agent has registered for host nowhere");
        assertThat(unknown.getHeaders().getFirst("x-openstack-request-id")).startsWith("req-");

        ResponseEntity<String> bad = http.postForEntity("/v1/agents/a*b/ping", null, String.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(bad.getBody()).path("badRequest").path("message").asText())
                .contains("not a valid host name");
    }

    private String ping(String host) throws Exception {
        ResponseEntity<String> response = http.postForEntity("/v1/agents/" + host + "/ping", null, String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        return json.readTree(response.getBody()).path("command").path("id").asText();
    }

    private String status(String host) throws Exception {
        ResponseEntity<String> response = http.getForEntity("/v1/agents/" + host, String.class);
        return response.getStatusCode().is2xxSuccessful()
                ? json.readTree(response.getBody()).path("agent").path("status").asText() : "absent";
    }

    private JsonNode get(String path) throws Exception {
        ResponseEntity<String> response = http.getForEntity(path, String.class);
        assertThat(response.getStatusCode().is2xxSuccessful()).as(path + ": " + response.getBody()).isTrue();
        return json.readTree(response.getBody());
    }
}
