package io.molt.service.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The dev cloud's real Keystone, driven as its admin: users with given roles, their tokens, tokens that
 * expire soon (through an application credential with an expiry, which caps its tokens' lifetime) and
 * revoked tokens. {@link #close()} deletes the users it made.
 */
public final class DevCloudKeystone implements AutoCloseable {

    private static final DateTimeFormatter KEYSTONE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Map<String, String> rc = DevCloudCredentials.load();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final List<String> users = new ArrayList<>();
    private final List<String> roles = new ArrayList<>();
    private final List<String> credentials = new ArrayList<>();
    private final String adminToken;

    private DevCloudKeystone() throws IOException, InterruptedException {
        this.adminToken = token(rc.get("OS_USERNAME"), rc.get("OS_PASSWORD"));
    }

    /** Signs in as the dev cloud's admin. */
    public static DevCloudKeystone connect() {
        try {
            return new DevCloudKeystone();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the dev cloud's Keystone: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public String url() {
        return rc.get("OS_AUTH_URL");
    }

    public String adminToken() {
        return adminToken;
    }

    public String adminUser() {
        return rc.get("OS_USERNAME");
    }

    public String adminPassword() {
        return rc.get("OS_PASSWORD");
    }

    /** A new user in the admin project holding exactly the given role; returns its password. */
    public String createUser(String name, String role) throws IOException, InterruptedException {
        String password = UUID.randomUUID().toString();
        String projectId = call("GET", "/projects?name=" + rc.get("OS_PROJECT_NAME"), null)
                .path("projects").get(0).path("id").asText();
        String roleId = call("GET", "/roles?name=" + role, null).path("roles").get(0).path("id").asText();
        ObjectNode user = json.createObjectNode();
        user.putObject("user").put("name", name).put("password", password).put("domain_id", "default");
        String userId = call("POST", "/users", user.toString()).path("user").path("id").asText();
        users.add(userId);
        call("PUT", "/projects/" + projectId + "/users/" + userId + "/roles/" + roleId, null);
        return password;
    }

    /** A new role (for a test's own policy), deleted with the users by {@link #close()}. */
    public void createRole(String name) throws IOException, InterruptedException {
        ObjectNode role = json.createObjectNode();
        role.putObject("role").put("name", name);
        roles.add(call("POST", "/roles", role.toString()).path("role").path("id").asText());
    }

    /** A project-scoped token of the user. */
    public String token(String user, String password) throws IOException, InterruptedException {
        ObjectNode auth = json.createObjectNode();
        ObjectNode identity = auth.putObject("auth").putObject("identity");
        identity.putArray("methods").add("password");
        identity.putObject("password").putObject("user").put("name", user).put("password", password)
                .putObject("domain").put("name", "Default");
        auth.with("auth").putObject("scope").putObject("project").put("name", rc.get("OS_PROJECT_NAME"))
                .putObject("domain").put("name", "Default");
        return issue(auth.toString());
    }

    /** A token of the user that Keystone will stop accepting at {@code expiresAt} (whole seconds). */
    public String tokenExpiringAt(String user, String password, Instant expiresAt) throws IOException,
            InterruptedException {
        String own = token(user, password);
        String userId = validate(own).path("token").path("user").path("id").asText();
        ObjectNode credential = json.createObjectNode();
        credential.putObject("application_credential").put("name", "molt-it-" + UUID.randomUUID())
                .put("expires_at", KEYSTONE_TIME.format(expiresAt));
        JsonNode created = send("POST", "/users/" + userId + "/application_credentials", credential.toString(), own)
                .path("application_credential");
        ObjectNode auth = json.createObjectNode();
        ObjectNode identity = auth.putObject("auth").putObject("identity");
        identity.putArray("methods").add("application_credential");
        identity.putObject("application_credential").put("id", created.path("id").asText())
                .put("secret", created.path("secret").asText());
        return issue(auth.toString());
    }

    /** A new application credential of the user (unrestricted, no expiry): its id and secret. */
    public Map<String, String> applicationCredential(String user, String password) throws IOException,
            InterruptedException {
        String own = token(user, password);
        String userId = validate(own).path("token").path("user").path("id").asText();
        ObjectNode credential = json.createObjectNode();
        credential.putObject("application_credential").put("name", "molt-it-" + UUID.randomUUID());
        JsonNode created = send("POST", "/users/" + userId + "/application_credentials", credential.toString(), own)
                .path("application_credential");
        credentials.add(userId + "/application_credentials/" + created.path("id").asText());
        return Map.of("id", created.path("id").asText(), "secret", created.path("secret").asText());
    }

    /** The URL of the public endpoint of the catalog's service of this type, or null. */
    public String publicEndpoint(String serviceType) throws IOException, InterruptedException {
        JsonNode services = call("GET", "/services?type=" + serviceType, null).path("services");
        if (services.isEmpty()) {
            return null;
        }
        JsonNode endpoints = call("GET", "/endpoints?interface=public&service_id=" + services.get(0).path("id").asText(),
                null).path("endpoints");
        return endpoints.isEmpty() ? null : endpoints.get(0).path("url").asText();
    }

    /** Revokes a token (as the admin). */
    public void revoke(String token) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/auth/tokens"))
                .header("X-Auth-Token", adminToken).header("X-Subject-Token", token).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("revoking a token: " + response.body()).isEqualTo(204);
    }

    /** Whether Keystone itself still accepts the token. */
    public boolean accepts(String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url() + "/auth/tokens")).header("X-Auth-Token", adminToken)
                .header("X-Subject-Token", token).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode() == 200;
    }

    private JsonNode validate(String token) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/auth/tokens"))
                .header("X-Auth-Token", token).header("X-Subject-Token", token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }

    private String issue(String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/auth/tokens"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    private JsonNode call(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, body, adminToken);
    }

    private JsonNode send(String method, String path, String body, String token) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path))
                .header("X-Auth-Token", token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
        return response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
    }

    /** Deletes the users and roles made here (their tokens and application credentials go with them). */
    @Override
    public void close() throws IOException, InterruptedException {
        for (String credential : credentials) {
            call("DELETE", "/users/" + credential, null);
        }
        for (String user : users) {
            call("DELETE", "/users/" + user, null);
        }
        for (String role : roles) {
            call("DELETE", "/roles/" + role, null);
        }
    }
}
