package io.molt.service.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.support.DevCloudKeystone;
import io.molt.service.support.ServiceTestEnvironment;
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
    private static final DevCloudKeystone keystone = DevCloudKeystone.connect();
    private static final ObjectMapper json = new ObjectMapper();
    private static final String READER = "molt-it-reader-" + UUID.randomUUID().toString().substring(0, 8);

    private static String readerPassword;

    @Autowired
    TestRestTemplate api;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
        registry.add("molt.auth.mode", () -> "keystone");
        registry.add("molt.auth.keystone-url", keystone::url);
    }

    @BeforeAll
    static void createAUserWithoutTheAdminRole() throws Exception {
        readerPassword = keystone.createUser(READER, "reader");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        keystone.close();
        env.close();
    }

    @Test
    void aRequestWithoutATokenIsToldHowToGetOne() throws Exception {
        ResponseEntity<String> response = api.getForEntity("/v1/agents", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(json.readTree(response.getBody()).path("unauthorized").path("message").asText())
                .contains("X-Auth-Token header is required");
        assertThat(response.getHeaders().getFirst("WWW-Authenticate")).isEqualTo("Keystone uri=\"" + keystone.url() + "\"");
        assertThat(response.getHeaders().getFirst("x-openstack-request-id")).startsWith("req-");
    }

    @Test
    void aForgedTokenIsRefused() {
        ResponseEntity<String> response = get("/v1/agents", "gAAAAAforged" + UUID.randomUUID());

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(response.getBody()).contains("not valid");
    }

    @Test
    void aUserWithoutTheAdminRoleIsForbiddenAndToldWhichRoleIsMissing() throws Exception {
        ResponseEntity<String> response = get("/v1/campaigns", keystone.token(READER, readerPassword));

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(json.readTree(response.getBody()).path("forbidden").path("message").asText())
                .contains(READER).contains("lacks the role 'admin'");
    }

    @Test
    void anAdminTokenIsAcceptedAgainAndAgain() {
        for (int i = 0; i < 3; i++) {
            assertThat(get("/v1/agents", keystone.adminToken()).getStatusCode()).isEqualTo(HttpStatus.OK);
        }
        assertThat(get("/v1/campaigns", keystone.adminToken()).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    private ResponseEntity<String> get(String path, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Auth-Token", token);
        return api.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }
}
