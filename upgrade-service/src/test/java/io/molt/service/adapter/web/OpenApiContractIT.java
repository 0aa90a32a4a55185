package io.molt.service.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.support.DevCloudKeystone;
import io.molt.service.support.ServiceTestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The committed API document (docs/openapi.json) against the running service (real Tomcat, PostgreSQL, RabbitMQ,
 * the dev cloud's real Keystone, the simulated cloud). For every operation the document lists, in an order
 * that walks a campaign through its life ({@link #LIFE}):
 * <ol>
 *   <li>a request built from the document alone ({@link DocumentedRequests}): the first example of its body, or
 *       its required fields with values taken from their schemas, and its parameters' examples (but {@code {id}},
 *       which is the campaign or command this run made); the request must itself validate against the document;
 *   <li>the answer's status must be the one this step expects, be listed for the operation, and its body must
 *       validate against the schema the document gives that status (swagger-request-validator);
 *   <li>for each operation that takes a body, and each action that refuses one, requests that break the schema
 *       (a wrong type, an unknown field): the validator must refuse them too, and the service must answer a
 *       documented 4xx whose fault body validates and whose message names the field;
 *   <li>copies the service must refuse with a given documented status: an action with a reader's token (403), the
 *       document's own example id (404), no token (401), {@code Accept: application/xml} (406), an {@code Expect}
 *       Tomcat does not know (417), a body as text/plain (415) or over the limit (413), and headers too large to
 *       read (any documented status). Every answer carries the request's id, also in its fault.
 * </ol>
 * A new operation the walk does not know fails the test, so that the document and the test grow together.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "molt.simulation.enabled=true", "molt.simulation.time-scale=1.0", "molt.simulation.heartbeat=200ms",
        "molt.agents.offline-after=5s", "molt.engine.tick=100ms", "molt.api.max-body-size=4KB"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OpenApiContractIT {

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("contract");
    private static final DevCloudKeystone keystone = DevCloudKeystone.connect();
    private static final Path DOCUMENT = Path.of("..", "docs", "openapi.json");
    private static final int MAX_BODY = 4096;
    private static final String READER = "molt-it-contract-reader-" + java.util.UUID.randomUUID().toString()
            .substring(0, 8);

    /** Operation, and the status its documented request gets at that point of the campaign's life. */
    private record Step(String method, String path, int expected) {
        String operation() {
            return method + " " + path;
        }
    }

    private static final List<Step> LIFE = List.of(
            new Step("POST", "/v1/campaigns", 201),
            new Step("GET", "/v1/campaigns", 200),
            new Step("GET", "/v1/campaigns/{id}", 200),
            new Step("GET", "/v1/campaigns/{id}/plan", 200),
            new Step("GET", "/v1/campaigns/{id}/hosts", 200),
            new Step("GET", "/v1/campaigns/{id}/hosts/{host}", 200),
            new Step("GET", "/v1/campaigns/{id}/vms", 200),
            new Step("GET", "/v1/campaigns/{id}/events", 200),
            new Step("GET", "/v1/agents", 200),
            new Step("GET", "/v1/agents/{host}", 200),
            new Step("POST", "/v1/agents/{host}/ping", 202),
            new Step("GET", "/v1/agents/{host}/commands/{id}", 200),
            new Step("POST", "/v1/campaigns/{id}/approve", 200),
            new Step("POST", "/v1/campaigns/{id}/pause", 200),
            new Step("POST", "/v1/campaigns/{id}/resume", 200),
            new Step("POST", "/v1/campaigns/{id}/abort", 200));

    @LocalServerPort
    int port;

    private final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
        registry.add("molt.auth.mode", () -> "keystone");
        registry.add("molt.auth.keystone-url", keystone::url);
    }

    @BeforeAll
    static void documentExists() {
        assertThat(DOCUMENT).as("docs/openapi.json").exists();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        keystone.close();
        env.close();
    }

    /** The checks below can fail: the validator refuses answers the document does not describe. */
    @Test
    void theValidatorRefusesAnswersTheDocumentDoesNotDescribe() throws Exception {
        OpenApiInteractionValidator validator = OpenApiInteractionValidator
                .createForInlineApiSpecification(Files.readString(DOCUMENT)).build();
        String path = "/v1/campaigns/" + CampaignsController.ID_EXAMPLE;

        assertThat(validator.validateResponse(path, Request.Method.GET, json(200, "{\"campaign\": {\"id\": 5}}"))
                .hasErrors()).as("a campaign without its fields, its id a number").isTrue();
        assertThat(validator.validateResponse(path, Request.Method.GET, json(418, "{}")).hasErrors())
                .as("a status the operation does not list").isTrue();
        assertThat(validator.validateResponse(path, Request.Method.GET,
                json(404, "{\"badRequest\": {\"code\": 404, \"message\": \"no such campaign\"}}")).hasErrors())
                .as("a 404 under another fault's name").isTrue();
        assertThat(validator.validateResponse(path, Request.Method.GET,
                json(404, "{\"itemNotFound\": {\"code\": 404, \"message\": \"no such campaign\"}}")).hasErrors())
                .as("a documented 404").isFalse();
        assertThat(validator.validateResponse(path + "/plan", Request.Method.GET,
                json(200, "{\"feasible\": true, \"plan\": {\"waves\": [{\"number\": \"one\"}]}}")).hasErrors())
                .as("a plan whose wave number is a word").isTrue();
    }

    private static SimpleResponse json(int status, String body) {
        return SimpleResponse.Builder.status(status).withContentType("application/json").withBody(body).build();
    }

    @Test
    void requestsBuiltFromTheDocumentGetAnswersTheDocumentDescribes() throws Exception {
        String text = Files.readString(DOCUMENT);
        JsonNode document = json.readTree(text);
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(text)
                .build();
        DocumentedRequests requests = new DocumentedRequests(document);
        ContractClient client = new ContractClient(port, keystone.adminToken(), validator);
        String readerToken = keystone.token(READER, keystone.createUser(READER, "reader"));

        assertThat(requests.operations()).as("the document's operations, each walked by this test")
                .isEqualTo(new TreeSet<>(LIFE.stream().map(Step::operation).toList()));
        await().atMost(Duration.ofSeconds(30)).until(() -> client.send(requests.build("GET", "/v1/agents", null))
                .json().path("agents").size() >= 2);

        List<String> failures = new ArrayList<>();
        Set<Integer> brokenStatuses = new LinkedHashSet<>();
        String campaign = null;
        String command = null;
        for (Step step : LIFE) {
            String id = step.path().startsWith("/v1/agents") ? command : campaign;
            for (DocumentedRequests.Built broken : requests.broken(step.method(), step.path(), id)) {
                ContractClient.Exchange exchange = client.send(broken);
                brokenStatuses.add(exchange.status());
                failures.addAll(exchange.problems());
                if (!exchange.request().hasErrors()) {
                    failures.add(broken.label() + ": the document does not refuse it");
                }
                if (exchange.status() < 400 || exchange.status() >= 500) {
                    failures.add(broken.label() + ": answered " + exchange.status() + ", not a 4xx");
                } else if (!exchange.faultMessage().contains(broken.mustName())) {
                    failures.add(broken.label() + ": the message does not name " + broken.mustName() + ": "
                            + exchange.faultMessage());
                }
            }
            for (DocumentedRequests.Built refused : requests.refused(step.method(), step.path(), id, MAX_BODY,
                    readerToken)) {
                failures.addAll(client.send(refused).problems());
            }
            for (DocumentedRequests.Built request : requests.fromDocument(step.method(), step.path(), id)) {
                ContractClient.Exchange exchange = client.send(request);
                failures.addAll(exchange.problems());
                if (exchange.request().hasErrors()) {
                    failures.add(request.label() + ": the document refuses its own request: "
                            + ContractClient.describe(exchange.request()));
                }
                if (request.fromExample() && exchange.status() != step.expected()) {
                    failures.add(request.label() + ": expected " + step.expected() + ", answered "
                            + exchange.status() + " " + exchange.body());
                }
                if (request.fromExample() && step.operation().equals("POST /v1/campaigns")) {
                    campaign = exchange.json().path("campaign").path("id").asText(null);
                }
                if (request.fromExample() && step.operation().equals("POST /v1/agents/{host}/ping")) {
                    command = exchange.json().path("command").path("id").asText(null);
                }
            }
        }
        System.out.println("{\"benchmark\": \"openapi_contract\", \"operations\": " + LIFE.size()
                + ", \"requests\": " + client.sent() + ", \"statuses\": " + json.writeValueAsString(client.statuses())
                + ", \"broken_statuses\": " + brokenStatuses + "}");
        assertThat(failures).isEmpty();
        assertThat(campaign).as("the example campaign was created").isNotNull();
        assertThat(brokenStatuses).as("statuses of the broken requests").isNotEmpty();
    }
}
