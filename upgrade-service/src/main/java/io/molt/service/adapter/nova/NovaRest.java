package io.molt.service.adapter.nova;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.openstack4j.model.identity.v3.Token;

/**
 * Nova's REST API called directly, with the session's token and an explicit microversion, for what
 * openstack4j 3.12 cannot do (it sends no microversion, cannot send a disabled reason, and misreads
 * migration statuses). Errors come back as typed {@link io.molt.service.domain.cloud.CloudException}s.
 */
final class NovaRest {

    private final KeystoneSession session;
    private final HttpClient http;
    private final NovaProperties properties;
    private final ObjectMapper json = new ObjectMapper();

    NovaRest(KeystoneSession session, HttpClient http, NovaProperties properties) {
        this.session = session;
        this.http = http;
        this.properties = properties;
    }

    JsonNode get(String path, String microversion) {
        return send("GET", path, microversion, null);
    }

    JsonNode post(String path, String microversion, Object body) {
        return send("POST", path, microversion, body);
    }

    JsonNode put(String path, String microversion, Object body) {
        return send("PUT", path, microversion, body);
    }

    JsonNode delete(String path, String microversion) {
        return send("DELETE", path, microversion, null);
    }

    /** Sends one request; a 401 (expired or revoked token) authenticates again and repeats it once. */
    JsonNode send(String method, String path, String microversion, Object body) {
        String what = method + " " + path.replaceAll("\\?.*", "");
        for (int attempt = 1; ; attempt++) {
            Token token = session.token();
            HttpResponse<String> response = exchange(what, token, method, path, microversion, body);
            int status = response.statusCode();
            if (status == 401 && attempt == 1) {
                session.invalidate(token);
                continue;
            }
            if (status >= 400) {
                throw NovaErrors.fromHttp(what, status, response.body());
            }
            return parse(response.body());
        }
    }

    private HttpResponse<String> exchange(String what, Token token, String method, String path,
            String microversion, Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(session.computeEndpoint(token) + path))
                    .timeout(properties.readTimeout())
                    .header("X-Auth-Token", token.getId())
                    .header("OpenStack-API-Version", "compute " + microversion)
                    .header("X-OpenStack-Nova-API-Version", microversion)
                    .header("Accept", "application/json")
                    .header("Content-Type", "application/json")
                    .method(method, publisher);
            GlobalRequestId.current().ifPresent(id -> request.header(GlobalRequestId.HEADER, id));
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw NovaErrors.unreachable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw NovaErrors.unreachable(what, e);
        }
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
