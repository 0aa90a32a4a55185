package io.molt.service.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.support.RawHttp;
import io.molt.service.support.ServiceTestEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Fuzzes the running service (real Tomcat, PostgreSQL and RabbitMQ; the simulated cloud) with generated bad
 * requests ({@link BadRequests}): none may get a 5xx, every error must be the API's JSON fault with the request
 * id and a message that says what to fix (no Java class, no HTML), the service must still answer, and the
 * campaign the requests aim at must not change. {@code -Dmolt.fuzz.seed=N -Dmolt.fuzz.requests=N} replays or
 * widens a run. Prints one JSON line with the counts per status.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "molt.simulation.enabled=true", "molt.simulation.heartbeat=200ms", "molt.agents.offline-after=2s",
        "molt.engine.tick=100ms", "logging.level.org.apache.coyote.http11=WARN"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ApiFuzzIT {

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("fuzz");
    private static final List<String> HOSTS = List.of("compute-00000", "compute-00001", "compute-00002",
            "compute-00003");
    private static final Pattern LEAK = Pattern.compile("(?i)(java\\.|jakarta\\.|com\\.fasterxml|org\\.spring"
            + "|org\\.apache|exception|<html|\\bat [a-z]+\\.[a-z]+)");

    @Autowired
    TestRestTemplate http;
    @LocalServerPort
    int port;

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
    void generatedBadRequestsGetClearJsonFaultsAndChangeNothing() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/v1/agents").path("agents").size() == HOSTS.size());
        String id = createWatchedCampaign();
        String before = snapshot(id);
        long seed = Long.getLong("molt.fuzz.seed", 20261202L);
        int count = Integer.getInteger("molt.fuzz.requests", 5_000);
        BadRequests generator = new BadRequests(seed, id, HOSTS);
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();

        for (int i = 0; i < count && failures.size() < 20; i++) {
            BadRequests.Case request = generator.next();
            RawHttp.Response response = RawHttp.send(port, request.raw());
            statuses.merge(response.status(), 1, Integer::sum);
            String problem = problem(request, response);
            if (problem != null) {
                failures.add("#" + i + " " + request.label() + ": " + problem + "; sent "
                        + ApiErrors.printable(new String(request.raw(), java.nio.charset.StandardCharsets.ISO_8859_1))
                        + "; got " + response.status() + " " + ApiErrors.printable(response.body()));
            }
        }
        System.out.println("{\"benchmark\": \"api_fuzz\", \"seed\": " + seed + ", \"requests\": " + count
                + ", \"seconds\": " + (System.nanoTime() - started) / 1_000_000_000.0 + ", \"statuses\": "
                + json.writeValueAsString(statuses) + "}");

        assertThat(failures).as("seed " + seed).isEmpty();
        assertThat(statuses.keySet()).allMatch(s -> s < 500);
        assertThat(snapshot(id)).as("the watched campaign, its hosts and its events").isEqualTo(before);
        assertThat(get("/v1/campaigns").path("campaigns").size()).isEqualTo(1);
    }

    /** What is wrong with the answer to a generated request, or null. */
    private String problem(BadRequests.Case request, RawHttp.Response response) {
        int status = response.status();
        if (status >= 500) {
            return "a server error";
        }
        if (!request.expected().isEmpty() && !request.expected().contains(status)) {
            return "expected one of " + request.expected();
        }
        if (request.method().equals("POST") && status < 400) {
            return "a POST with a defect succeeded";
        }
        if (status < 400) {
            return null;
        }
        if (!String.valueOf(response.headers().get("content-type")).startsWith("application/json")) {
            return "the error is not JSON";
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (Exception e) {
            return "the error body does not parse as JSON";
        }
        if (body == null || body.size() != 1) {
            return "the error is not one fault";
        }
        JsonNode fault = body.elements().next();
        String message = fault.path("message").asText("");
        if (fault.path("code").asInt() != status) {
            return "the fault's code is not the status";
        }
        if (!fault.path("request_id").asText().startsWith("req-")
                || !fault.path("request_id").asText().equals(response.headers().get("x-openstack-request-id"))) {
            return "the fault has no request id or not the response's";
        }
        if (message.length() < 20 || message.startsWith("internal error")) {
            return "the message does not say what to fix";
        }
        if (LEAK.matcher(message).find()) {
            return "the message shows internals";
        }
        return null;
    }

    private String createWatchedCampaign() throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> created = http.postForEntity("/v1/campaigns", new HttpEntity<>("""
                {"name": "watched", "hosts": ["compute-00000", "compute-00001", "compute-00002", "compute-00003"],
                 "target": "USERSPACE", "upgrade": {"command": ["apt-get", "install", "-y", "qemu"]}}""", headers),
                String.class);
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        return json.readTree(created.getBody()).path("campaign").path("id").asText();
    }

    private String snapshot(String id) throws Exception {
        return get("/v1/campaigns/" + id) + "\n" + get("/v1/campaigns/" + id + "/hosts") + "\n"
                + get("/v1/campaigns/" + id + "/vms") + "\n" + get("/v1/campaigns/" + id + "/events?limit=1000");
    }

    private JsonNode get(String path) throws Exception {
        ResponseEntity<String> response = http.getForEntity(path, String.class);
        assertThat(response.getStatusCode().is2xxSuccessful()).as(path + ": " + response.getBody()).isTrue();
        return json.readTree(response.getBody());
    }
}
