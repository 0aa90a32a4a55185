package io.molt.service.adapter.nova;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.support.DevCloudCredentials;
import io.molt.service.support.ServiceTestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A request id given by the caller follows the request into Nova: creating a campaign on the dev cloud reads
 * the cloud from nova-api, and nova-api's own log records those calls under the caller's id as their global
 * request id (the first id in the brackets of its log lines).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "molt.simulation.enabled=false", "molt.auth.mode=noauth"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class NovaRequestIdIT {

    private static final Path NOVA_API_LOG = Path.of("/var/lib/molt-devcloud/log/nova-api.log");
    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("reqid", DevCloud.HOSTS.get(0));

    @Autowired
    TestRestTemplate http;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
        DevCloudCredentials.registerNova(registry);
    }

    @AfterAll
    static void cleanUp() {
        env.close();
    }

    @Test
    void novaLogsTheCallsOfACampaignsCreationUnderTheCallersRequestId() throws Exception {
        String mine = "req-" + UUID.randomUUID();
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("X-OpenStack-Request-ID", mine);
        ResponseEntity<String> created = http.postForEntity("/v1/campaigns", new HttpEntity<>("""
                {"name": "request id", "hosts": ["%s"], "target": "USERSPACE",
                 "upgrade": {"command": ["/bin/true"], "timeout_seconds": 60}}""".formatted(DevCloud.HOSTS.get(0)),
                headers), String.class);
        assertThat(created.getStatusCode().value()).as(created.getBody()).isEqualTo(201);
        assertThat(created.getHeaders().getFirst("x-openstack-request-id")).isEqualTo(mine);

        assertThat(Files.readAllLines(NOVA_API_LOG)).as("nova-api's log lines of this request")
                .anyMatch(line -> line.contains("[" + mine + " req-") && line.contains("GET /v2.1/"));
    }
}
