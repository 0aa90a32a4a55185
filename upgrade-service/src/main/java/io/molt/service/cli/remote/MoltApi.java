package io.molt.service.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Iterator;

/**
 * Molt's REST API ({@code /v1}) as the CLI calls it: JSON in and out, the token in {@code X-Auth-Token}
 * (none in noauth mode), and a refusal turned into a {@link CliFailure} carrying the fault's message.
 */
public final class MoltApi {

    private final HttpClient http;
    private final String root;
    private final String token;
    private final ObjectMapper json = new ObjectMapper();

    MoltApi(HttpClient http, String root, String token) {
        this.http = http;
        this.root = root.replaceFirst("/+$", "").replaceFirst("/v1$", "");
        this.token = token;
    }

    String root() {
        return root;
    }

    JsonNode get(String path) {
        return call("GET", path, null);
    }

    /** A POST with a JSON body, or none when {@code body} is null. */
    JsonNode post(String path, JsonNode body) {
        return call("POST", path, body);
    }

    private JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + "/v1" + path))
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.REFUSED, "cannot reach Molt at " + root + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCodes.REFUSED, "interrupted");
        }
        if (response.statusCode() >= 300) {
            String requestId = response.headers().firstValue("x-openstack-request-id").orElse(null);
            throw new CliFailure(ExitCodes.REFUSED, "HTTP " + response.statusCode() + ": "
                    + faultMessage(json, response.body()) + (requestId == null ? "" : " (request " + requestId + ")"));
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.REFUSED, method + " " + path + " answered something that is not JSON");
        }
    }

    /** The message of an OpenStack fault ({@code {"badRequest": {"message": ...}}}), else the body's start. */
    static String faultMessage(ObjectMapper json, String body) {
        try {
            JsonNode fault = json.readTree(body);
            if (fault != null && fault.isObject()) {
                Iterator<JsonNode> values = fault.elements();
                JsonNode first = values.hasNext() ? values.next() : null;
                if (first != null && first.path("message").isTextual()) {
                    return first.path("message").asText();
                }
                if (fault.path("error").path("message").isTextual()) { // Keystone's shape
                    return fault.path("error").path("message").asText();
                }
            }
        } catch (IOException e) {
            // not JSON: show its start below
        }
        String text = body == null ? "" : body.strip();
        return text.isEmpty() ? "(no message)" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
