package io.molt.service.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.support.DevCloudCredentials;
import io.molt.service.support.ServiceTestEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The admin API in keystone mode against the dev cloud's real Keystone: no token, a forged token, a
 * token without the admin role, and an admin token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KeystoneAuthIT {

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("keystone");
    private static final Map<String, String> rc = DevCloudCredentials.load();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();
    private static final String READER = "molt-it-reader-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String READER_PASSWORD = UUID.randomUUID().toString();

    private static String adminToken;
    private static String readerId;

    @Autowired
    TestRestTemplate api;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
        registry.add("molt.auth.mode", () -> "keystone");
        registry.add("molt.auth.keystone-url", () -> rc.get("OS_AUTH_URL"));
    }

    @BeforeAll
    static void createAUserWithoutTheAdminRole() throws Exception {
        adminToken = token(rc.get("OS_USERNAME"), rc.get("OS_PASSWORD"));
        String projectId = keystone("GET", "/projects?name=" + rc.get("OS_PROJECT_NAME"), null)
                .path("projects").get(0).path("id").asText();
        String readerRole = keystone("GET", "/roles?name=reader", null).path("roles").get(0).path("id").asText();
        readerId = keystone("POST", "/users", "{\"user\":{\"name\":\"" + READER + "\",\"password\":\""
                + READER_PASSWORD + "\",\"domain_id\":\"default\"}}").path("user").path("id").asText();
        keystone("PUT", "/projects/" + projectId + "/users/" + readerId + "/roles/" + readerRole, null);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        if (readerId != null) {
            keystone("DELETE", "/users/" + readerId, null);
        }
        env.close();
    }

    @Test
    void aRequestWithoutATokenIsToldHowToGetOne() throws Exception {
        ResponseEntity<String> response = api.getForEntity("/v1/agents", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(json.readTree(response.getBody()).path("unauthorized").path("message").asText())
                .contains("X-Auth-Token header is required");
    }

    @Test
    void aForgedTokenIsRefused() {
        ResponseEntity<String> response = get("/v1/agents", "gAAAAAforged" + UUID.randomUUID());

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(response.getBody()).contains("not valid");
    }

    @Test
    void aUserWithoutTheAdminRoleIsForbiddenAndToldWhichRoleIsMissing() throws Exception {
        ResponseEntity<String> response = get("/v1/campaigns", token(READER, READER_PASSWORD));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(json.readTree(response.getBody()).path("forbidden").path("message").asText())
                .contains(READER).contains("lacks the role 'admin'");
    }

    @Test
    void anAdminTokenIsAcceptedAgainAndAgain() {
        for (int i = 0; i < 3; i++) {
            assertThat(get("/v1/agents", adminToken).getStatusCode()).isEqualTo(HttpStatus.OK);
        }
        assertThat(get("/v1/campaigns", adminToken).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private ResponseEntity<String> get(String path, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Auth-Token", token);
        return api.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    private static String token(String user, String password) throws IOException, InterruptedException {
        String body = "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"" + user
                + "\",\"domain\":{\"name\":\"Default\"},\"password\":\"" + password + "\"}}},\"scope\":{\"project\":"
                + "{\"name\":\"" + rc.get("OS_PROJECT_NAME") + "\",\"domain\":{\"name\":\"Default\"}}}}}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(rc.get("OS_AUTH_URL") + "/auth/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    private static JsonNode keystone(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(rc.get("OS_AUTH_URL") + path))
                .header("X-Auth-Token", adminToken).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
        return response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
    }
}
