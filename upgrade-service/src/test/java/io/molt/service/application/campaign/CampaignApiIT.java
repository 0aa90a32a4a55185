package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.support.ServiceTestEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
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

        JsonNode plan = get("/v1/campaigns/" + id + "/plan");
        assertThat(plan.path("feasible").asBoolean()).isTrue();
        assertThat(plan.at("/plan/frontier")).hasSize(4);
        assertThat(plan.at("/plan/frontier/0/strategy").asText()).isEqualTo("balanced");
        assertThat(plan.at("/plan/frontier/0/chosen").asBoolean()).isTrue();
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

        ResponseEntity<String> badStrategy = post("/v1/campaigns", """
                {"hosts": ["compute-00000"], "target": "KERNEL", "upgrade": {"command": ["true"]},
                 "options": {"strategy": "cheapest"}}""");
        assertThat(badStrategy.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(badStrategy.getBody()).path("badRequest").path("message").asText())
                .contains("strategy: unknown strategy 'cheapest'");
        ResponseEntity<String> negative = post("/v1/campaigns", """
                {"hosts": ["compute-00000"], "target": "KERNEL", "upgrade": {"command": ["true"]},
                 "options": {"strategy": "least-moved", "weights": {"per_gib_moved": -2}}}""");
        assertThat(negative.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(negative.getBody()).path("badRequest").path("message").asText())
                .contains("weights.per_gib_moved must be a finite number, not negative");

        ResponseEntity<String> missing = http.getForEntity("/v1/campaigns/3f8a4f0e-0000-0000-0000-000000000000",
                String.class);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(json.readTree(missing.getBody()).path("itemNotFound").path("message").asText())
                .contains("GET /v1/campaigns lists them");
    }

    @Test
    void aHostIsInOneUnfinishedCampaignAtATimeAndARefusedActionChangesNothing() throws Exception {
        String body = """
                {"name": "first", "hosts": ["compute-00002", "compute-00003"], "target": "USERSPACE",
                 "upgrade": {"command": ["true"]}}""";
        ResponseEntity<String> first = post("/v1/campaigns", body);
        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(HttpStatus.CREATED);
        String id = json.readTree(first.getBody()).path("campaign").path("id").asText();

        ResponseEntity<String> second = post("/v1/campaigns", body.replace("first", "second")
                .replace("\"compute-00002\", ", ""));
        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(json.readTree(second.getBody()).path("conflictingRequest").path("message").asText())
                .contains("host compute-00003 belongs to unfinished campaign " + id).contains("'first', PLANNED");

        HttpHeaders xml = new HttpHeaders();
        xml.setContentType(MediaType.APPLICATION_JSON);
        xml.setAccept(java.util.List.of(MediaType.APPLICATION_XML));
        ResponseEntity<String> refused = http.postForEntity("/v1/campaigns/" + id + "/abort",
                new HttpEntity<>("{\"re_enable_hosts\": true}", xml), String.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.NOT_ACCEPTABLE);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(get("/v1/campaigns/" + id).path("campaign").path("state").asText()).isEqualTo("PLANNED");

        assertThat(post("/v1/campaigns/" + id + "/abort", null).getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> afterAbort = post("/v1/campaigns", body.replace("first", "third"));
        assertThat(afterAbort.getStatusCode()).as(afterAbort.getBody()).isEqualTo(HttpStatus.CREATED);
        String third = json.readTree(afterAbort.getBody()).path("campaign").path("id").asText();
        assertThat(post("/v1/campaigns/" + third + "/abort", null).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void aCallersWellFormedRequestIdIsKeptAndAnyOtherIsReplaced() throws Exception {
        String mine = "req-" + UUID.randomUUID();
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-OpenStack-Request-ID", mine);
        ResponseEntity<String> kept = http.exchange("/v1/campaigns/" + UUID.randomUUID(),
                HttpMethod.GET, new HttpEntity<>(headers), String.class);
        assertThat(kept.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(kept.getHeaders().getFirst("x-openstack-request-id")).isEqualTo(mine);
        assertThat(faultMessage(kept, "itemNotFound")).isNotBlank();

        for (String forged : List.of("req-1; DROP", "abc", mine + "x", "req-gggggggg-" + mine.substring(13))) {
            headers.set("X-OpenStack-Request-ID", forged);
            ResponseEntity<String> replaced = http.exchange("/v1/campaigns", HttpMethod.GET,
                    new HttpEntity<>(headers), String.class);
            assertThat(replaced.getHeaders().getFirst("x-openstack-request-id")).as(forged)
                    .matches("req-[0-9a-f-]{36}").isNotEqualTo(forged);
        }
    }

    @Test
    void requestsAreReadStrictlyAndEveryErrorIsAJsonFaultWithTheRequestId() throws Exception {
        String valid = """
                {"hosts": ["compute-00000"], "target": "USERSPACE", "upgrade": {"command": ["true"]}}""";
        java.util.Map<String, String> refusals = java.util.Map.of(
                valid.replace("\"target\"", "\"colour\": 1, \"target\""), "unknown field 'colour'",
                valid.replace("[\"true\"]}", "[\"true\"], \"timeout_seconds\": 1.5}"),
                "field 'upgrade.timeout_seconds' must be an integer",
                valid.replace("\"USERSPACE\"", "0"), "field 'target' must be one of",
                valid.replace("\"USERSPACE\"", "\"USERSPACE \""), "field 'target' must be one of",
                valid.replace("[\"compute-00000\"]", "[null]"), "field 'hosts[0]' must not be null",
                valid.replace("\"true\"", "\"tr\\u0000ue\""), "upgrade.command[0]' must be a string without NUL",
                valid.replace("]}}", "]}, \"options\": {\"notice_period\": -60}}"),
                "the notice period must not be negative",
                valid.substring(0, 30), "not valid JSON");
        for (var refusal : refusals.entrySet()) {
            ResponseEntity<String> response = post("/v1/campaigns", refusal.getKey());
            assertThat(response.getStatusCode()).as(refusal.getKey()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(faultMessage(response, "badRequest")).contains(refusal.getValue()).doesNotContain("java");
        }

        ResponseEntity<String> huge = post("/v1/campaigns", valid.replace("\"true\"", "\"" + "x".repeat(2_000_000)
                + "\""));
        assertThat(huge.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        assertThat(faultMessage(huge, "overLimit")).contains("molt.api.max-body-size");

        String missing = "/v1/campaigns/3f8a4f0e-0000-0000-0000-000000000000";
        assertThat(faultMessage(http.getForEntity(missing + "/events?after=x", String.class), "badRequest"))
                .contains("query parameter 'after'");
        assertThat(faultMessage(http.getForEntity(missing + "/events?limit=1001", String.class), "badRequest"))
                .contains("query parameter 'limit'");
        assertThat(faultMessage(post("/v1/campaigns/not-a-uuid/resume", null), "itemNotFound"))
                .contains("no campaign with id not-a-uuid");
        assertThat(faultMessage(http.getForEntity("/no/such/path", String.class), "itemNotFound"))
                .contains("no such resource");
        assertThat(faultMessage(http.exchange("/v1/campaigns", org.springframework.http.HttpMethod.PUT, null,
                String.class), "badMethod")).contains("PUT is not allowed");
        HttpHeaders text = new HttpHeaders();
        text.setContentType(MediaType.TEXT_PLAIN);
        assertThat(faultMessage(http.postForEntity("/v1/campaigns", new HttpEntity<>(valid, text), String.class),
                "badMediaType")).contains("Content-Type: application/json");
    }

    private String faultMessage(ResponseEntity<String> response, String fault) throws Exception {
        assertThat(response.getHeaders().getContentType()).as(response.getBody()).isEqualTo(MediaType.APPLICATION_JSON);
        JsonNode body = json.readTree(response.getBody()).path(fault);
        assertThat(body.path("code").asInt()).as(response.getBody()).isEqualTo(response.getStatusCode().value());
        assertThat(body.path("request_id").asText()).isEqualTo(response.getHeaders().getFirst("x-openstack-request-id"));
        return body.path("message").asText();
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
