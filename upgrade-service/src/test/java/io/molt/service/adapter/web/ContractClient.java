package io.molt.service.adapter.web;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.molt.service.support.RawHttp;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Sends a {@link DocumentedRequests.Built} to the running service as a client would (a Keystone token, JSON, a
 * request id of its own) and checks both sides against the document: the request, and the answer (its status is
 * listed for the operation, its body validates against that status's schema, and it carries the request id).
 */
final class ContractClient {

    /** One request and its answer, with what the document says of them. */
    record Exchange(String label, int status, String body, JsonNode json, ValidationReport request,
            List<String> problems) {
        String faultMessage() {
            return json.isObject() && json.size() == 1 ? json.elements().next().path("message").asText("") : "";
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final int port;
    private final String token;
    private final OpenApiInteractionValidator validator;
    private int sent;
    private final Map<Integer, Integer> statuses = new TreeMap<>();

    ContractClient(int port, String token, OpenApiInteractionValidator validator) {
        this.port = port;
        this.token = token;
        this.validator = validator;
    }

    int sent() {
        return sent;
    }

    /** How many answers had each status. */
    Map<Integer, Integer> statuses() {
        return statuses;
    }

    Exchange send(DocumentedRequests.Built built) throws IOException, InterruptedException {
        String requestId = "req-" + UUID.randomUUID();
        String query = built.query().entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        SimpleRequest.Builder documented = new SimpleRequest.Builder(built.method(), built.path());
        Map<String, String> headers = new LinkedHashMap<>(Map.of("X-Auth-Token", token, "Accept", "application/json",
                "X-OpenStack-Request-ID", requestId));
        byte[] content = built.body() == null ? new byte[0] : built.body().getBytes(StandardCharsets.UTF_8);
        if (built.body() != null) {
            headers.put("Content-Type", "application/json");
            headers.put("Content-Length", String.valueOf(content.length));
        }
        headers.putAll(built.headers());
        StringBuilder head = new StringBuilder(built.method()).append(' ').append(built.path())
                .append(query.isEmpty() ? "" : "?" + query).append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port)
                .append("\r\nConnection: close\r\n");
        headers.forEach((name, value) -> {
            if (!value.isEmpty()) {
                head.append(name).append(": ").append(value).append("\r\n");
                documented.withHeader(name, value);
            }
        });
        built.query().forEach(documented::withQueryParam);
        if (built.body() != null) {
            documented.withBody(built.body());
        }
        RawHttp.Response response = RawHttp.send(port, RawHttp.concat(
                head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1), content));
        sent++;
        statuses.merge(response.status(), 1, Integer::sum);

        String contentType = response.headers().getOrDefault("content-type", "");
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.status())
                .withContentType(contentType).withBody(response.body());
        response.headers().forEach(answer::withHeader);
        ValidationReport answerReport = validator.validateResponse(built.path(),
                Request.Method.valueOf(built.method()), answer.build());
        List<String> problems = new ArrayList<>();
        String label = built.label() + " -> " + response.status();
        if (built.expected() != 0 && response.status() != built.expected()) {
            problems.add(label + ": expected " + built.expected() + "; body " + abbreviate(response.body()));
        }
        if (answerReport.hasErrors()) {
            problems.add(label + ": the answer is not as documented: " + describe(answerReport) + "; body "
                    + abbreviate(response.body()));
        }
        String answeredId = response.headers().getOrDefault("x-openstack-request-id", "");
        if (built.headersRead() ? !requestId.equals(answeredId) : !answeredId.startsWith("req-")) {
            problems.add(label + ": the answer does not carry the request's X-OpenStack-Request-ID");
        }
        JsonNode json;
        try {
            json = response.body().isEmpty() ? MissingNode.getInstance() : mapper.readTree(response.body());
        } catch (IOException e) {
            json = MissingNode.getInstance();
            problems.add(label + ": the body is not JSON");
        }
        if (response.status() >= 400 && json.isObject() && json.size() == 1
                && !answeredId.equals(json.elements().next().path("request_id").asText())) {
            problems.add(label + ": the fault's request_id is not the answer's X-OpenStack-Request-ID");
        }
        return new Exchange(label, response.status(), response.body(), json,
                validator.validateRequest(documented.build()), problems);
    }

    /** The errors of a report, each as key: message. */
    static String describe(ValidationReport report) {
        return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> m.getKey() + ": " + m.getMessage()).collect(Collectors.joining("; "));
    }

    private static String abbreviate(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "..." : text;
    }

}
