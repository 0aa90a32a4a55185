package io.molt.service.adapter.nova;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.domain.cloud.CloudException;
import java.util.Iterator;
import java.util.Locale;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.model.common.ActionResponse;

/** Turns Nova's answers into typed {@link CloudException}s that carry Nova's own message. */
final class NovaErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NovaErrors() {
    }

    /** An HTTP error answer; {@code what} says which call failed. */
    static CloudException fromHttp(String what, int status, String body) {
        String message = what + ": " + novaMessage(body) + " (HTTP " + status + ")";
        if (status == 404) {
            return new CloudException.NotFound(message, status);
        }
        if (status == 409) {
            return new CloudException.Conflict(message, status);
        }
        if (status >= 500 || status == 429 || status == 408) {
            return new CloudException.Transient(message, status, null);
        }
        if (message.toLowerCase(Locale.ROOT).contains("no valid host")) {
            return new CloudException.NoValidHost(message, status);
        }
        return new CloudException.Refused(message, status);
    }

    /** No answer at all: refused connection, reset, timeout. */
    static CloudException.Transient unreachable(String what, Exception cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new CloudException.Transient(what + ": Nova unreachable: " + detail, 0, cause);
    }

    /** An exception thrown by openstack4j. */
    static CloudException fromOpenstack4j(String what, RuntimeException e) {
        if (e instanceof ConnectionException || e.getCause() instanceof java.io.IOException) {
            return unreachable(what, e);
        }
        if (e instanceof ResponseException re && re.getStatus() > 0) {
            return fromHttp(what, re.getStatus(), re.getMessage());
        }
        return unreachable(what, e);
    }

    /** An unsuccessful openstack4j {@link ActionResponse}. */
    static CloudException fromAction(String what, ActionResponse response) {
        if (response.getCode() <= 0) {
            return new CloudException.Transient(what + ": " + response.getFault(), 0, null);
        }
        return fromHttp(what, response.getCode(), response.getFault());
    }

    /**
     * Nova wraps its message as {@code {"badRequest": {"code": 400, "message": "..."}}}; the key varies
     * with the error. Anything else is returned as it came (trimmed, shortened).
     */
    static String novaMessage(String body) {
        if (body == null || body.isBlank()) {
            return "(no message)";
        }
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null && root.isObject()) {
                Iterator<JsonNode> values = root.elements();
                while (values.hasNext()) {
                    JsonNode value = values.next();
                    if (value.hasNonNull("message")) {
                        return value.get("message").asText();
                    }
                }
                if (root.hasNonNull("message")) {
                    return root.get("message").asText();
                }
            }
        } catch (java.io.IOException notJson) {
            // fall through: plain text
        }
        String text = body.strip();
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }
}
