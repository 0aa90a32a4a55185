package io.molt.service.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Signs in to Keystone v3 with {@link OsCredentials} (application credential, password or a given token)
 * and finds Molt's endpoint in the token's catalog: service type {@value #SERVICE_TYPE}, the credentials'
 * interface (public by default) and region.
 */
final class Keystone {

    /** The service type Molt is registered under in the Keystone catalog (docs/configuration.md). */
    static final String SERVICE_TYPE = "rolling-upgrade";

    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    Keystone(HttpClient http) {
        this.http = http;
    }

    /** A scoped token and its catalog. */
    record Session(String token, JsonNode catalog) {
        @Override
        public String toString() {
            return "Session[token=***]";
        }
    }

    Session signIn(OsCredentials credentials) {
        if (credentials.authUrl() == null) {
            throw new CliFailure(ExitCodes.AUTH, "no Keystone URL: set OS_AUTH_URL (e.g. source an openrc file) or "
                    + "choose a cloud of clouds.yaml with --os-cloud; or give the service's URL with --os-endpoint "
                    + "(MOLT_URL) and a token with OS_TOKEN");
        }
        String tokens = v3(credentials.authUrl()) + "/auth/tokens";
        if (credentials.token() != null && !credentials.usesPassword() && !credentials.usesApplicationCredential()) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(tokens))
                    .header("X-Auth-Token", credentials.token()).header("X-Subject-Token", credentials.token()).GET());
            return new Session(credentials.token(), read(response, 200).path("token").path("catalog"));
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(tokens))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(authBody(credentials).toString())));
        JsonNode body = read(response, 201);
        String token = response.headers().firstValue("X-Subject-Token")
                .orElseThrow(() -> new CliFailure(ExitCodes.AUTH, "Keystone answered without a token"));
        return new Session(token, body.path("token").path("catalog"));
    }

    /** The URL of Molt's endpoint in the catalog (without a trailing {@code /v1}). */
    static String endpoint(JsonNode catalog, String interfaceName, String region) {
        for (JsonNode service : catalog) {
            if (!SERVICE_TYPE.equals(service.path("type").asText())) {
                continue;
            }
            for (JsonNode endpoint : service.path("endpoints")) {
                boolean sameRegion = region == null || region.equals(endpoint.path("region_id").asText())
                        || region.equals(endpoint.path("region").asText());
                if (interfaceName.equals(endpoint.path("interface").asText()) && sameRegion) {
                    return endpoint.path("url").asText().replaceFirst("/+$", "").replaceFirst("/v1$", "");
                }
            }
            throw new CliFailure(ExitCodes.AUTH, "the catalog's " + SERVICE_TYPE + " service has no " + interfaceName
                    + " endpoint" + (region == null ? "" : " in region " + region));
        }
        throw new CliFailure(ExitCodes.AUTH, "no service of type " + SERVICE_TYPE + " in the Keystone catalog: "
                + "register Molt (docs/configuration.md#keystone-catalog) or give its URL with --os-endpoint or MOLT_URL");
    }

    private ObjectNode authBody(OsCredentials c) {
        ObjectNode body = json.createObjectNode();
        ObjectNode identity = body.putObject("auth").putObject("identity");
        if (c.usesApplicationCredential()) {
            identity.putArray("methods").add("application_credential");
            ObjectNode credential = identity.putObject("application_credential")
                    .put("secret", c.applicationCredentialSecret());
            if (c.applicationCredentialId() != null) {
                credential.put("id", c.applicationCredentialId());
            } else {
                credential.put("name", c.applicationCredentialName());
                domain(credential.putObject("user").put("name", c.username()), c.userDomainOrDefault());
            }
            return body; // an application credential carries its own scope
        }
        if (!c.usesPassword()) {
            throw new CliFailure(ExitCodes.AUTH, "no credentials: set OS_USERNAME and OS_PASSWORD, "
                    + "OS_APPLICATION_CREDENTIAL_ID and OS_APPLICATION_CREDENTIAL_SECRET, or OS_TOKEN "
                    + "(or use --os-cloud with a clouds.yaml)");
        }
        identity.putArray("methods").add("password");
        ObjectNode user = identity.putObject("password").putObject("user").put("name", c.username())
                .put("password", c.password());
        domain(user, c.userDomainOrDefault());
        ObjectNode project = ((ObjectNode) body.get("auth")).putObject("scope").putObject("project");
        if (c.projectId() != null) {
            project.put("id", c.projectId());
        } else if (c.projectName() != null) {
            domain(project.put("name", c.projectName()), c.projectDomainOrDefault());
        } else {
            throw new CliFailure(ExitCodes.AUTH, "no project: set OS_PROJECT_NAME (or OS_PROJECT_ID)");
        }
        return body;
    }

    /** A domain given by name or, when it looks like one (32 hex digits or "default"), by id. */
    private static void domain(ObjectNode owner, String domain) {
        boolean isId = domain.equals("default") || domain.matches("[0-9a-f]{32}");
        owner.putObject("domain").put(isId ? "id" : "name", domain);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.AUTH, "cannot reach Keystone: " + MoltApi.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCodes.AUTH, "interrupted while signing in");
        }
    }

    private JsonNode read(HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            throw new CliFailure(ExitCodes.AUTH, "Keystone refused the credentials (HTTP " + response.statusCode()
                    + "): " + MoltApi.faultMessage(json, response.body()));
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.AUTH, "Keystone's answer is not JSON: " + e.getMessage());
        }
    }

    private static String v3(String authUrl) {
        String base = authUrl.replaceFirst("/+$", "");
        return base.endsWith("/v3") ? base : base + "/v3";
    }
}
