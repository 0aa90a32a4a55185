package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.support.ServiceTestEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The admin API over a campaign on the simulated cloud: create (dry run), plan, approve, watch, errors. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "molt.simulation.enabled=true", "molt.simulation.time-scale=0.0005", "molt.simulation.heartbeat=200ms",
        "molt.agents.offline-after=2s", "molt.engine.tick=50ms", "molt.engine.lease-ttl=2s"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CampaignApiIT {

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("api");

    @Autowired
    TestRestTemplate http;

    private final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @AfterAll
    static void cleanUp() {
        env.close();
    }

    @Test
    void anOperatorPlansApprovesAndWatchesACampaign() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/v1/agents").path("agents").size() == 4);
        ResponseEntity<String> created = post("/v1/campaigns", """
                {"name": "qemu 9", "hosts": ["compute-00000", "compute-00001"], "target": "USERSPACE",
                 "upgrade": {"command": ["apt-get", "install", "-y", "qemu-system-x86"], "timeout_seconds": 900}}""");
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getHeaders().getFirst("x-openstack-request-id")).startsWith("req-");
        JsonNode campaign = json.readTree(created.getBody()).path("campaign");
        String id = campaign.path("id").asText();
        assertThat(campaign.path("state").asText()).isEqualTo("PLANNED");

        assertThat(get("/v1/campaigns/" + id + "/plan").path("feasible").asBoolean()).isTrue();
        assertThat(get("/v1/campaigns/" + id + "/hosts").path("hosts").size()).isEqualTo(2);
        assertThat(get("/v1/campaigns/" + id + "/vms").path("vms").get(0).path("predicted_downtime_ms").isNumber())
                .isTrue();

        assertThat(post("/v1/campaigns/" + id + "/approve", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/v1/campaigns/" + id).path("campaign").path("state")
                .asText().equals("DONE"));
        JsonNode events = get("/v1/campaigns/" + id + "/events").path("events");
        assertThat(events.size()).isGreaterThan(10);
        assertThat(events.get(0).path("type").asText()).isEqualTo("campaign.planned");

        ResponseEntity<String> again = post("/v1/campaigns/" + id + "/approve", null);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(json.readTree(again.getBody()).path("conflictingRequest").path("message").asText())
                .contains("is DONE and cannot become APPROVED");
    }

    @Test
    void badRequestsSayWhatToFix() throws Exception {
        ResponseEntity<String> unknownHost = post("/v1/campaigns", """
                {"hosts": ["nowhere"], "target": "KERNEL", "upgrade": {"command": ["true"]}}""");
        assertThat(unknownHost.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(unknownHost.getBody()).path("badRequest").path("message").asText())
                .contains("unknown compute hosts [nowhere]");

        ResponseEntity<String> noCommand = post("/v1/campaigns", """
                {"hosts": ["compute-00000"], "target": "KERNEL"}""");
        assertThat(json.readTree(noCommand.getBody()).path("badRequest").path("message").asText())
                .contains("upgrade.command is required");

        ResponseEntity<String> missing = http.getForEntity("/v1/campaigns/3f8a4f0e-0000-0000-0000-000000000000",
                String.class);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(json.readTree(missing.getBody()).path("itemNotFound").path("message").asText())
                .contains("GET /v1/campaigns lists them");
    }

    private ResponseEntity<String> post(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    private JsonNode get(String path) throws Exception {
        ResponseEntity<String> response = http.getForEntity(path, String.class);
        assertThat(response.getStatusCode().is2xxSuccessful()).as(path + ": " + response.getBody()).isTrue();
        return json.readTree(response.getBody());
    }
}
