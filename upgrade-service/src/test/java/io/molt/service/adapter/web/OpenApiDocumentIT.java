package io.molt.service.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.molt.service.support.ServiceTestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The OpenAPI document is served without a token, covers the /v1 resources, and is the one kept in
 * docs/openapi.json. After an API change, refresh that file with
 * {@code ./mvnw -pl upgrade-service -am verify -Dit.test=OpenApiDocumentIT -Dmolt.openapi.update=true}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OpenApiDocumentIT {

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("openapi");
    private static final Path KEPT = Path.of("..", "docs", "openapi.json");

    @Autowired
    TestRestTemplate http;

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
        registry.add("molt.auth.mode", () -> "keystone");
        registry.add("molt.auth.keystone-url", () -> "http://127.0.0.1:1");
    }

    @AfterAll
    static void cleanUp() {
        env.close();
    }

    @Test
    void theServedDocumentCoversTheApiAndMatchesTheOneInDocs() throws Exception {
        ResponseEntity<String> response = http.getForEntity("/openapi.json", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode served = json.readTree(response.getBody());

        assertThat(served.path("paths").has("/v1/agents")).isTrue();
        assertThat(served.path("paths").has("/v1/campaigns")).isTrue();
        assertThat(served.path("components").path("securitySchemes").path("keystone").path("name").asText())
                .isEqualTo("X-Auth-Token");

        // the fields as the API reads and writes them: snake_case, like every OpenStack API (but for the fault
        // names, e.g. itemNotFound, which are Nova's)
        List<String> notSnake = new ArrayList<>();
        served.path("components").path("schemas").fields().forEachRemaining(schema ->
                schema.getValue().path("properties").fieldNames().forEachRemaining(field -> {
                    boolean faultName = schema.getKey().equals(FaultResponses.schemaName(field));
                    if (!field.matches("[a-z][a-z0-9_]*") && !faultName) {
                        notSnake.add(schema.getKey() + "." + field);
                    }
                }));
        assertThat(served.path("components").path("schemas").size()).isPositive();
        assertThat(notSnake).as("schema fields not in snake_case").isEmpty();

        String pretty = json.writeValueAsString(json.treeToValue(served, Object.class)) + "\n";
        if (Boolean.getBoolean("molt.openapi.update")) {
            Files.writeString(KEPT, pretty);
        }
        assertThat(Files.exists(KEPT)).as("docs/openapi.json is missing: run this test with -Dmolt.openapi.update=true")
                .isTrue();
        assertThat(json.readTree(Files.readString(KEPT)))
                .as("docs/openapi.json is out of date: run this test with -Dmolt.openapi.update=true and commit it")
                .isEqualTo(served);
    }
}
