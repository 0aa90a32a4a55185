package io.molt.service.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Requests made from nothing but an OpenAPI document: its operations, their parameters' examples, their
 * bodies' first example, bodies of only the required fields (values from each field's schema: its example,
 * its first enum value, else one of its type), and bodies that break the schema (a wrong type, an unknown
 * field). {@code {id}} is the one path parameter a caller must supply (the campaign or command it made).
 */
final class DocumentedRequests {

    static final String UNKNOWN_FIELD = "colour_of_the_rack";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A request to send.
     *
     * @param label       what it is, for messages
     * @param fromExample built from the document's examples (else from the schema's required fields or broken)
     * @param mustName    for a broken request, what the refusal's message must name
     * @param headers     headers that replace the client's own ({@code ""}: leave the header out)
     * @param expected    the status the answer must have, 0 when any documented one will do
     * @param headersRead whether the service can read the headers (and so keep the caller's request id)
     */
    record Built(String label, String method, String path, Map<String, String> query, String body,
            boolean fromExample, String mustName, Map<String, String> headers, int expected, boolean headersRead) {

        Built(String label, String method, String path, Map<String, String> query, String body, boolean fromExample,
                String mustName) {
            this(label, method, path, query, body, fromExample, mustName, Map.of(), 0, true);
        }

        /** The same request under another label, with headers replaced, a body instead, and a status to expect. */
        Built refused(String why, Map<String, String> replaced, String otherBody, int status) {
            return new Built(label.replace("(example)", "(" + why + ")"), method, path, query,
                    otherBody == null ? body : otherBody, false, null, replaced, status, true);
        }

        /** The same request with headers too large to be read. */
        Built unreadable() {
            return new Built(label.replace("(example)", "(headers too large)"), method, path, query, body, false, null,
                    Map.of("X-Padding", "x".repeat(10_000)), 0, false);
        }
    }

    private final JsonNode document;

    DocumentedRequests(JsonNode document) {
        this.document = document;
    }

    /** Every operation in the document, as {@code METHOD /path}. */
    SortedSet<String> operations() {
        SortedSet<String> operations = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> operations.add(method.toUpperCase() + " " + path.getKey())));
        return operations;
    }

    /** The operation's request from its examples. */
    Built build(String method, String path, String id) {
        JsonNode examples = body(method, path).path("examples");
        String body = examples.isObject() && examples.size() > 0
                ? examples.elements().next().path("value").toString() : null;
        return new Built(method + " " + path + " (example)", method, resolve(method, path, id), query(method, path),
                body, true, null);
    }

    /** The request of its required fields (when its body has some), then the one from its examples. */
    List<Built> fromDocument(String method, String path, String id) {
        List<Built> built = new ArrayList<>();
        JsonNode schema = schema(body(method, path).path("schema"));
        if (schema.path("required").size() > 0) {
            built.add(new Built(method + " " + path + " (required fields)", method, resolve(method, path, id),
                    query(method, path), minimal(schema).toString(), false, null));
        }
        built.add(build(method, path, id));
        return built;
    }

    /**
     * Requests that break the document: for a body, its example with an unknown field, and with its first field
     * of the wrong type; for an action that takes no body, a body; for an integer query parameter, a word.
     */
    List<Built> broken(String method, String path, String id) {
        List<Built> broken = new ArrayList<>();
        Built example = build(method, path, id);
        JsonNode schema = schema(body(method, path).path("schema"));
        if (example.body() != null) {
            ObjectNode unknown = (ObjectNode) read(example.body());
            unknown.put(UNKNOWN_FIELD, "blue");
            broken.add(new Built(method + " " + path + " (unknown field)", method, example.path(), example.query(),
                    unknown.toString(), false, UNKNOWN_FIELD));
            ObjectNode wrong = (ObjectNode) read(example.body());
            String field = wrong.fieldNames().next();
            wrong.set(field, wrongType(schema(schema.path("properties").path(field))));
            broken.add(new Built(method + " " + path + " (" + field + " of the wrong type)", method, example.path(),
                    example.query(), wrong.toString(), false, field));
        } else if (method.equals("POST") && operation(method, path).path("requestBody").isMissingNode()) {
            broken.add(new Built(method + " " + path + " (a body where none is taken)", method, example.path(),
                    example.query(), "{\"" + UNKNOWN_FIELD + "\": \"blue\"}", false, "request body"));
        }
        for (JsonNode parameter : operation(method, path).path("parameters")) {
            if (parameter.path("in").asText().equals("query")
                    && parameter.at("/schema/type").asText().equals("integer")) {
                Map<String, String> query = new LinkedHashMap<>(example.query());
                query.put(parameter.path("name").asText(), "twelve");
                broken.add(new Built(method + " " + path + " (" + parameter.path("name").asText() + "=twelve)", method,
                        example.path(), query, null, false, parameter.path("name").asText()));
            }
        }
        return broken;
    }

    /**
     * The example request refused as the document says: with a reader's token for an action (403), with the
     * document's example id, which names nothing (404), without a token (401), with an
     * Accept that excludes JSON (406), an Expect the container does not know (417); with a body: sent as text (415), larger than the service takes (413); a GET
     * with headers larger than the container takes (any status the document lists).
     */
    List<Built> refused(String method, String path, String id, int maxBodyBytes, String readerToken) {
        Built example = build(method, path, id);
        List<Built> refused = new ArrayList<>();
        if (method.equals("POST")) {
            refused.add(example.refused("reader token", Map.of("X-Auth-Token", readerToken), null, 403));
        }
        if (path.contains("{id}")) { // the document's own id, which names nothing on this service
            refused.add(build(method, path, null).refused("the example's id", Map.of(), null, 404));
        }
        refused.add(example.refused("no token", Map.of("X-Auth-Token", ""), null, 401));
        refused.add(example.refused("Accept: application/xml", Map.of("Accept", "application/xml"), null, 406));
        refused.add(example.refused("Expect: tea", Map.of("Expect", "tea"), null, 417));
        if (method.equals("GET")) {
            // past Tomcat's limit for the request line and headers (8 KB): whatever it answers must be documented
            refused.add(example.unreadable());
        }
        if (example.body() != null) {
            refused.add(example.refused("sent as text/plain", Map.of("Content-Type", "text/plain"), null, 415));
            String tooLarge = "{\"note\": \"" + "x".repeat(maxBodyBytes) + "\"}";
            refused.add(example.refused("too large", Map.of(), tooLarge, 413));
        }
        return refused;
    }

    private JsonNode operation(String method, String path) {
        return document.path("paths").path(path).path(method.toLowerCase());
    }

    private JsonNode body(String method, String path) {
        return operation(method, path).path("requestBody").path("content").path("application/json");
    }

    /** The path with its parameters' examples, {@code {id}} replaced by the given id when there is one. */
    private String resolve(String method, String path, String id) {
        String resolved = path;
        for (JsonNode parameter : operation(method, path).path("parameters")) {
            if (parameter.path("in").asText().equals("path")) {
                String name = parameter.path("name").asText();
                String value = name.equals("id") && id != null ? id : parameter.path("example").asText();
                resolved = resolved.replace("{" + name + "}", value);
            }
        }
        return resolved;
    }

    private Map<String, String> query(String method, String path) {
        Map<String, String> query = new LinkedHashMap<>();
        for (JsonNode parameter : operation(method, path).path("parameters")) {
            if (parameter.path("in").asText().equals("query") && parameter.has("example")) {
                query.put(parameter.path("name").asText(), parameter.path("example").asText());
            }
        }
        return query;
    }

    /** The schema itself, a {@code $ref} followed. */
    private JsonNode schema(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        return ref.startsWith("#/") ? document.at(ref.substring(1)) : schema;
    }

    /** A value of only the required fields, each from its schema. */
    private JsonNode minimal(JsonNode schema) {
        JsonNode resolved = schema(schema);
        if (resolved.has("example")) {
            return resolved.get("example");
        }
        if (resolved.has("enum")) {
            return resolved.get("enum").get(0);
        }
        return switch (resolved.path("type").asText("object")) {
            case "string" -> NODES.textNode("x");
            case "integer", "number" -> NODES.numberNode(resolved.path("minimum").asLong(1));
            case "boolean" -> NODES.booleanNode(true);
            case "array" -> {
                ArrayNode items = NODES.arrayNode();
                items.add(minimal(resolved.path("items")));
                yield items;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (JsonNode required : resolved.path("required")) {
                    object.set(required.asText(), minimal(resolved.path("properties").path(required.asText())));
                }
                yield object;
            }
        };
    }

    /** A value no schema of this type takes. */
    private static JsonNode wrongType(JsonNode schema) {
        return switch (schema.path("type").asText("object")) {
            case "string" -> NODES.numberNode(12345);
            case "integer", "number" -> NODES.textNode("twelve");
            case "boolean" -> NODES.textNode("yes");
            case "array" -> NODES.textNode("not a list");
            default -> NODES.numberNode(7);
        };
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException("an example in the document is not JSON: " + body, e);
        }
    }
}
