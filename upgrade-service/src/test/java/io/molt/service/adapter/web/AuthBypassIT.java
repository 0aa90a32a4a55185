package io.molt.service.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.support.DevCloudKeystone;
import io.molt.service.support.RawHttp;
import io.molt.service.support.ServiceTestEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * No path around authentication, against the dev cloud's real Keystone: every endpoint the service maps
 * (read from its own handler mappings, so a new endpoint is covered by itself), spelt in more than 30 ways
 * (matrix parameters, encoded characters, doubled slashes, case, trailing dots, {@code ..} through a public
 * path...), without a token and with a forged, an expired and a revoked token (each 401), with a token that
 * holds no role of Molt's and, for every operation but the API's reads, a reader's token (each 403); always
 * a JSON fault. An admin token reaches the canonical paths, and a path the
 * firewall refuses reaches no controller even with it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AuthBypassIT {

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("authbypass");
    private static final ObjectMapper json = new ObjectMapper();
    private static final Set<String> PUBLIC = Set.of("/actuator/health", "/actuator/health/liveness",
            "/actuator/health/readiness", "/openapi.json");
    private static final String CAMPAIGN_BODY = "{\"name\":\"bypass\",\"hosts\":[\"compute-1\"],\"target\":\"USERSPACE\"}";

    private static final DevCloudKeystone keystone = DevCloudKeystone.connect();
    private static Map<String, String> refusedTokens;
    private static String rolelessToken;
    private static String readerToken;

    @LocalServerPort
    int port;

    @Autowired
    Map<String, RequestMappingInfoHandlerMapping> mappings;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
        registry.add("molt.auth.mode", () -> "keystone");
        registry.add("molt.auth.keystone-url", keystone::url);
        registry.add("molt.auth.cache-ttl", () -> "2s");
    }

    @BeforeAll
    static void tokens() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        keystone.createRole("molt-it-none-" + suffix);
        String member = "molt-it-roleless-" + suffix;
        String password = keystone.createUser(member, "molt-it-none-" + suffix);
        rolelessToken = keystone.token(member, password);
        String reader = "molt-it-reader-" + suffix;
        readerToken = keystone.token(reader, keystone.createUser(reader, "reader"));
        String expired = keystone.tokenExpiringAt(member, password, Instant.now().plusSeconds(6));
        String revoked = keystone.token(member, password);
        keystone.revoke(revoked);
        await().atMost(Duration.ofSeconds(30)).until(() -> !keystone.accepts(expired));
        refusedTokens = new LinkedHashMap<>();
        refusedTokens.put("no token", null);
        refusedTokens.put("a forged token", "gAAAAAforged" + UUID.randomUUID());
        refusedTokens.put("an expired token", expired);
        refusedTokens.put("a revoked token", revoked);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        keystone.close();
        env.close();
    }

    @Test
    void noSpellingOfAnyEndpointLetsAnUnauthenticatedOrNonAdminCallerIn() throws Exception {
        List<String> endpoints = protectedEndpoints();
        assertThat(endpoints).as("the service's endpoints").hasSizeGreaterThan(15)
                .contains("POST /v1/campaigns", "GET /actuator/info");
        List<String> wrong = new ArrayList<>();
        int tried = 0;
        for (String endpoint : endpoints) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            Set<String> spellings = spellings(path);
            assertThat(spellings).as(path).hasSizeGreaterThanOrEqualTo(30);
            for (String spelling : spellings) {
                if (refusedByTomcat(spelling)) {
                    tried += 2;
                    checkRefusedBeforeRouting(method, spelling, wrong);
                    continue;
                }
                for (Map.Entry<String, String> token : refusedTokens.entrySet()) {
                    tried++;
                    check(method, spelling, token.getValue(), 401, token.getKey(), wrong);
                }
                tried++;
                check(method, spelling, rolelessToken, 403, "a token with no role of Molt's", wrong);
                if (!method.equals("GET") || !path.startsWith("/v1/")) {
                    tried++;
                    check(method, spelling, readerToken, 403, "a reader's token", wrong);
                }
            }
        }
        System.out.println("AuthBypassIT: " + endpoints.size() + " endpoints, " + tried + " requests");
        assertThat(wrong).as("of " + tried + " requests, these were let in or answered wrongly").isEmpty();
    }

    @Test
    void anAdminTokenReachesEveryCanonicalPathButNoPathTheFirewallRefuses() throws Exception {
        String admin = keystone.adminToken();
        for (String endpoint : protectedEndpoints()) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            RawHttp.Response response = send(method, path, admin);
            assertThat(response.status()).as(endpoint + ": " + response.body()).isNotIn(401, 403);
        }
        int before = campaigns(admin);
        for (String path : List.of("/v1;x/campaigns", "//v1/campaigns", "/v1/campaigns;jsessionid=1",
                "/x/../v1/campaigns", "/v1%2Fcampaigns", "/v1%5Ccampaigns", "/v1/campaigns%00")) {
            RawHttp.Response response = RawHttp.send(port, "POST", path, Map.of("X-Auth-Token", admin), CAMPAIGN_BODY);
            assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(400);
            assertThat(json.readTree(response.body()).path("badRequest").path("message").asText())
                    .as(path).contains("refused before routing");
        }
        assertThat(campaigns(admin)).as("campaigns after POSTs on refused paths").isEqualTo(before);
    }

    @Test
    void thePublicPathsNeedNoToken() throws Exception {
        for (String path : PUBLIC) {
            assertThat(send("GET", path, null).status()).as(path).isEqualTo(200);
            assertThat(send("POST", path, null).status()).as("POST " + path).isEqualTo(401);
        }
    }

    @Test
    void aTokenRevokedAfterUseIsRefusedOnceTheCacheTimeHasPassed() throws Exception {
        String admin = keystone.token(keystone.adminUser(), keystone.adminPassword());
        assertThat(send("GET", "/v1/campaigns", admin).status()).isEqualTo(200);
        keystone.revoke(admin);
        await().atMost(Duration.ofSeconds(20)).until(() -> send("GET", "/v1/campaigns", admin).status() == 401);
    }

    @Test
    void aTokenIsRefusedOnceItExpires() throws Exception {
        String soon = keystone.tokenExpiringAt(keystone.adminUser(), keystone.adminPassword(),
                Instant.now().plusSeconds(6));
        assertThat(send("GET", "/v1/campaigns", soon).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", "/v1/campaigns", soon).status() == 401);
    }

    /** An encoded NUL or backslash: Tomcat refuses the request before any filter runs (JsonErrorReportValve). */
    private static boolean refusedByTomcat(String path) {
        return path.contains("%00") || path.contains("%5C");
    }

    /** Such a request is answered 400 alike with no token and with the admin's: nothing was routed or looked at. */
    private void checkRefusedBeforeRouting(String method, String path, List<String> wrong) throws Exception {
        for (String token : new String[] {null, keystone.adminToken()}) {
            RawHttp.Response response = send(method, path, token);
            String message = response.status() == 400 ? faultMessage(response.body(), "badRequest") : null;
            if (message == null || !message.contains("refused before routing")) {
                wrong.add(method + " " + path + (token == null ? " with no token" : " with the admin's token") + ": "
                        + response.status() + " " + response.body().substring(0, Math.min(120, response.body().length())));
            }
        }
    }

    private static String faultMessage(String body, String fault) {
        try {
            JsonNode message = json.readTree(body).path(fault).path("message");
            return message.isTextual() ? message.asText() : null;
        } catch (Exception notJson) {
            return null;
        }
    }

    private void check(String method, String path, String token, int expected, String who, List<String> wrong)
            throws Exception {
        RawHttp.Response response = send(method, path, token);
        String fault = expected == 401 ? "unauthorized" : "forbidden";
        if (response.status() != expected || faultMessage(response.body(), fault) == null) {
            wrong.add(method + " " + path + " with " + who + ": " + response.status() + " "
                    + response.body().substring(0, Math.min(120, response.body().length())));
        }
    }

    private RawHttp.Response send(String method, String path, String token) throws Exception {
        Map<String, String> headers = token == null ? Map.of() : Map.of("X-Auth-Token", token);
        return RawHttp.send(port, method, path, headers, method.equals("POST") ? "{}" : null);
    }

    private int campaigns(String admin) throws Exception {
        JsonNode list = json.readTree(send("GET", "/v1/campaigns", admin).body()).path("campaigns");
        assertThat(list.isArray()).isTrue();
        return list.size();
    }

    /** Every mapped method and path, with sample values for the path variables; public GETs left out. */
    private List<String> protectedEndpoints() {
        Set<String> endpoints = new LinkedHashSet<>();
        mappings.values().forEach(mapping -> mapping.getHandlerMethods().keySet().forEach(info -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                String path = pattern.replaceAll("\\{\\*[^}]+}", "x").replace("/**", "/x")
                        .replace("{id}", UUID.randomUUID().toString()).replace("{host}", "compute-1")
                        .replaceAll("\\{[^}]+}", "x");
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    if (!(method == RequestMethod.GET && PUBLIC.contains(path))) {
                        endpoints.add(method + " " + path);
                    }
                }
            }
        }));
        return endpoints.stream().sorted().toList();
    }

    /** The path as given and more than 30 other spellings that a lax router could take for it. */
    static Set<String> spellings(String path) {
        String first = path.substring(1, path.indexOf('/', 1) < 0 ? path.length() : path.indexOf('/', 1));
        String rest = path.substring(1 + first.length());
        String last = path.substring(path.lastIndexOf('/') + 1);
        String tail = rest.isEmpty() ? "" : rest.substring(1);
        List<UnaryOperator<String>> ways = List.of(
                p -> p, p -> p + "/", p -> p + ".", p -> p + ";", p -> p + ";x=1", p -> p + ";jsessionid=0",
                p -> "/" + first + ";x" + rest, p -> "/" + p, p -> "/" + first + "/" + rest, p -> p.toUpperCase(),
                p -> "/%" + Integer.toHexString(first.charAt(0)) + first.substring(1) + rest,
                p -> p.substring(0, p.length() - last.length()) + encodeAll(last),
                p -> "/" + first + "%2F" + tail, p -> "/" + first + "%2f" + tail,
                p -> "/" + first + "/." + rest, p -> "/." + p, p -> "/x/.." + p, p -> "/x/%2e%2e" + p,
                p -> "/x/%2E%2E" + p, p -> "/x/..;" + p, p -> "/actuator/health/..;" + p,
                p -> "/openapi.json/.." + p, p -> "/actuator/health/readiness/../../.." + p,
                p -> "/" + first + "%5C" + tail, p -> p + "%00", p -> p + "%20", p -> p + "%09",
                p -> p + "?x=1", p -> p + ".json", p -> p + "/../" + last, p -> "/" + first + "/%2e" + rest,
                p -> p + "%2e", p -> "/" + first.toUpperCase() + rest, p -> "/" + first + "%ef%bc%8f" + tail,
                p -> "/actuator/health;/.." + p, p -> p + "/%2e%2e/" + last);
        Set<String> spellings = new LinkedHashSet<>();
        ways.forEach(way -> spellings.add(way.apply(path)));
        return spellings;
    }

    private static String encodeAll(String segment) {
        StringBuilder encoded = new StringBuilder();
        segment.chars().forEach(c -> encoded.append('%').append(String.format("%02X", c)));
        return encoded.toString();
    }
}
