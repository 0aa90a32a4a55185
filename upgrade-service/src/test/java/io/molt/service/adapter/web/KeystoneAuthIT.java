package io.molt.service.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.support.DevCloudKeystone;
import io.molt.service.support.ServiceTestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The admin API in keystone mode against the dev cloud's real Keystone: no token, a forged token, the
 * default policy's reader and admin, an approver role of the test's own, and a policy file's rule.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KeystoneAuthIT {

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("keystone");
    private static final DevCloudKeystone keystone = DevCloudKeystone.connect();
    private static final ObjectMapper json = new ObjectMapper();
    private static final String READER = "molt-it-reader-" + UUID.randomUUID().toString().substring(0, 8);

    private static final String APPROVER_ROLE = "molt-it-approver-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String APPROVER = "molt-it-approver-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String PINGER_ROLE = "molt-it-pinger-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String PINGER = "molt-it-pinger-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Path POLICY = policyFile();

    private static String readerPassword;
    private static String approverPassword;
    private static String pingerPassword;

    @Autowired
    TestRestTemplate api;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
        registry.add("molt.auth.mode", () -> "keystone");
        registry.add("molt.auth.keystone-url", keystone::url);
        registry.add("molt.auth.approver-role", () -> APPROVER_ROLE);
        registry.add("molt.auth.policy-file", POLICY::toString);
    }

    private static Path policyFile() {
        try {
            Path file = Files.createTempFile("molt-policy", ".yaml");
            Files.writeString(file, "\"molt:agents:ping\": \"role:" + PINGER_ROLE + "\"\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void createUsers() throws Exception {
        readerPassword = keystone.createUser(READER, "reader");
        keystone.createRole(APPROVER_ROLE);
        approverPassword = keystone.createUser(APPROVER, APPROVER_ROLE);
        keystone.createRole(PINGER_ROLE);
        pingerPassword = keystone.createUser(PINGER, PINGER_ROLE);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        keystone.close();
        Files.deleteIfExists(POLICY);
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
    void aReaderMayListAndShowButIsToldWhichRuleForbidsAChange() throws Exception {
        String reader = keystone.token(READER, readerPassword);
        assertThat(get("/v1/campaigns", reader).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(get("/v1/agents", reader).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(get("/v1/campaigns/" + UUID.randomUUID(), reader).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        ResponseEntity<String> response = post("/v1/campaigns/" + UUID.randomUUID() + "/pause", reader);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(json.readTree(response.getBody()).path("forbidden").path("message").asText())
                .contains(READER + " may not pause a campaign").contains("molt:campaigns:pause (rule:admin)");
        assertThat(post("/v1/campaigns", reader).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void withAnApproverRoleOnlyItsHoldersApproveAndTheyMayDoNothingElse() throws Exception {
        String approver = keystone.token(APPROVER, approverPassword);
        String campaign = "/v1/campaigns/" + UUID.randomUUID();
        // past the policy, an unknown campaign is 404: the approver got through, the admin did not
        assertThat(post(campaign + "/approve", approver).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(post(campaign + "/approve", keystone.adminToken()).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(post(campaign + "/abort", keystone.adminToken()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(post(campaign + "/abort", approver).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get("/v1/campaigns", approver).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void thePolicyFilesRuleReplacesTheDefault() throws Exception {
        String pinger = keystone.token(PINGER, pingerPassword);
        assertThat(post("/v1/agents/no-such-host/ping", pinger).getStatusCode()).isNotIn(HttpStatus.UNAUTHORIZED,
                HttpStatus.FORBIDDEN);
        assertThat(post("/v1/agents/no-such-host/ping", keystone.adminToken()).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(get("/v1/agents", pinger).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
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

    private ResponseEntity<String> post(String path, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Auth-Token", token);
        headers.set("Content-Type", "application/json");
        return api.exchange(path, HttpMethod.POST, new HttpEntity<>("{}", headers), String.class);
    }
}
