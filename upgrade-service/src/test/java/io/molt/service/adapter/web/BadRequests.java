package io.molt.service.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.molt.service.support.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Generates requests that each carry at least one defect (a wrong type, an unknown field, a bad id, path,
 * parameter, header or request line, a body too large), seeded so a failure can be replayed. A request that
 * could change something (a POST) is built so that its defect, or the campaign's hosts being taken, refuses it.
 *
 * @see ApiFuzzIT
 */
final class BadRequests {

    /** One generated request and the statuses it may get (empty: any status below 500; a POST: any 4xx). */
    record Case(String label, String method, byte[] raw, Set<Integer> expected) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> ACTIONS = List.of("approve", "pause", "resume", "abort");
    private static final List<String> BAD_IDS = List.of("x", "1", "not-a-uuid", "%00", "%2e%2e", "3f8a4f0e",
            "00000000-0000-0000-0000-00000000000g", "'%3B%20DROP%20TABLE%20campaign%3B%20--", "%ff%fe", "..", "{id}", "-1");
    private static final List<String> BAD_NUMBERS = List.of("", "x", "-1", "1.5", "99999999999999999999", "0x10",
            "+1", "1e3", "%20", "%00", "NaN", "1,2");

    private final Random random;
    private final ObjectMapper json = new ObjectMapper();
    private final String campaignId;
    private final List<String> claimedHosts;

    BadRequests(long seed, String campaignId, List<String> claimedHosts) {
        this.random = new Random(seed);
        this.campaignId = campaignId;
        this.claimedHosts = claimedHosts;
    }

    Case next() {
        int kind = random.nextInt(100);
        if (kind < 35) {
            return badCreate();
        }
        if (kind < 55) {
            return badAction();
        }
        if (kind < 70) {
            return badRead();
        }
        if (kind < 85) {
            return badPath();
        }
        return oddRequestLineOrHeaders();
    }

    private Case badCreate() {
        ObjectNode body = validCreateBody();
        int defect = random.nextInt(10);
        Map<String, String> headers = jsonHeaders();
        String text;
        Set<Integer> expected = Set.of(400);
        switch (defect) {
            case 0 -> text = with(body, (o) -> pick(objects(o)).put("unexpected_" + random.nextInt(100), 1));
            case 1 -> text = wrongType(body);
            case 2 -> text = with(body, o -> ((ObjectNode) o.get("upgrade")).withArray("command")
                    .add("a\u0000b"));
            case 3 -> text = with(body, o -> pick(List.of(o.withArray("hosts"),
                    ((ObjectNode) o.get("upgrade")).withArray("command"))).addNull());
            case 4 -> text = malformed(body.toString());
            case 5 -> {
                text = with(body, o -> o.put("name", "n".repeat(1_100_000)));
                expected = Set.of(413);
            }
            case 6 -> text = "{\"name\": " + "[".repeat(1200 + random.nextInt(2000)) + "]".repeat(5) + "}";
            case 7 -> {
                headers.put("Content-Type", pick(List.of("text/plain", "application/xml", "garbage",
                        "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "")));
                text = body.toString();
                expected = Set.of(400, 415);
            }
            case 8 -> {
                headers.put("Accept", pick(List.of("application/xml", "text/html", "image/png", "garbage/", ";;",
                        "application/json;q=0", "text/*")));
                text = body.toString();
                expected = Set.of(400, 406);
            }
            default -> {
                text = body.toString(); // well formed: refused because its hosts belong to the watched campaign
                expected = Set.of(409);
            }
        }
        return post("create/" + defect, "/v1/campaigns", headers, text, expected);
    }

    private Case badAction() {
        String action = pick(ACTIONS);
        boolean realId = random.nextBoolean();
        String id = realId ? campaignId : pick(BAD_IDS) + (random.nextBoolean() ? "" : UUID.randomUUID());
        String path = "/v1/campaigns/" + id + "/" + action;
        Map<String, String> headers = jsonHeaders();
        int defect = random.nextInt(5);
        if (defect == 0) {
            headers.put("Accept", pick(List.of("application/xml", "text/html", "text/plain")));
            return post("action/" + action + "/accept", path, headers, action.equals("abort") ? "{}" : "",
                    realId ? Set.of(406) : Set.of());
        }
        if (defect == 1) {
            String method = pick(List.of("GET", "PUT", "DELETE", "PATCH"));
            return new Case("action/" + action + "/method", method, request(method, path, closing(headers),
                    new byte[0]), realId ? Set.of(405) : Set.of());
        }
        if (!realId) { // 404, or 400 where the id is not even a valid path segment
            return post("action/" + action + "/id", path, headers, action.equals("abort") ? "{}" : "", Set.of());
        }
        if (!action.equals("abort")) {
            return post("action/" + action + "/body", path, headers, pick(List.of("{}", "{\"force\": true}", "x")),
                    Set.of(400));
        }
        if (defect == 2) {
            headers.put("Content-Type", pick(List.of("text/plain", "application/xml", "application/octet-stream")));
            return post("action/abort/content-type", path, headers, "{\"re_enable_hosts\": true}", Set.of(415));
        }
        String body = pick(List.of("{\"re_enable_hosts\": \"yes\"}", "{\"re_enable_hosts\": 1}",
                "{\"re_enable_hosts\": []}", "{\"re_enable_hosts\": {}}", "{\"re_enable_hosts\": \"true\"}",
                "{\"reenable\": true}", "{\"re_enable_hosts\": true, \"x\": 1}", "[true]", "true", "{",
                "{\"re_enable_hosts\": tru}", "\"\u0000\""));
        return post("action/abort/body", path, headers, body, Set.of(400));
    }

    private Case badRead() {
        int defect = random.nextInt(4);
        String path = switch (defect) {
            case 0 -> "/v1/campaigns/" + campaignId + "/events?" + pick(List.of("after", "limit")) + "="
                    + pick(BAD_NUMBERS);
            case 1 -> "/v1/campaigns/" + campaignId + "/events?limit=" + pick(List.of("0", "1001", "100000"));
            case 2 -> "/v1/campaigns/" + pick(BAD_IDS) + pick(List.of("", "/plan", "/hosts", "/vms", "/events",
                    "/hosts/compute-00000"));
            default -> pick(List.of("/v1/campaigns/" + campaignId + "/hosts/", "/v1/agents/")) + pick(List.of(
                    "no-such-host", "%20", "a%2Fb", "%00", "..%2f..", "x".repeat(300), "%C3%A9"));
        };
        Set<Integer> expected = defect < 2 ? Set.of(400) : Set.of();
        return new Case("read/" + defect, "GET", request("GET", path, closing(new LinkedHashMap<>()),
                new byte[0]), expected);
    }

    private Case badPath() {
        String path = pick(List.of("/v1/" + garbage(), "//v1//campaigns", "/v1/campaigns;x=1", "/v1/CAMPAIGNS",
                "/v2/campaigns", "/v1/campaigns/%2e%2e/%2e%2e/etc/passwd", "/" + "a".repeat(9000), "/v1/%ff%fe",
                "/v1/campaigns/" + campaignId + "/" + garbage(), "/error", "/v1/campaigns/" + campaignId + "/plan/x",
                "/actuator/" + garbage(), "/openapi.json/" + garbage()));
        boolean post = random.nextBoolean();
        if (post) {
            return post("path/post", path, jsonHeaders(), validCreateBody().toString(), Set.of());
        }
        return new Case("path/get", "GET", request("GET", path, closing(new LinkedHashMap<>()), new byte[0]),
                Set.of());
    }

    /** Odd request lines and headers, carried by a read or by a create whose hosts are taken. */
    private Case oddRequestLineOrHeaders() {
        byte[] body = validCreateBody().toString().getBytes(StandardCharsets.UTF_8);
        String head = "POST /v1/campaigns HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Connection: close\r\n";
        String length = "Content-Length: " + body.length + "\r\n";
        int defect = random.nextInt(9);
        String raw = switch (defect) {
            case 0 -> head.replace("HTTP/1.1", pick(List.of("HTTP/2.0", "HTTP/9.9", "HTTP/1.1 x", "HTTX/1.1", "")))
                    + length + "\r\n";
            case 1 -> head.replace("POST", pick(List.of("BREW", "post", "P OST", "PO\u0000ST"))) + length + "\r\n";
            case 2 -> head + length + "X-Odd" + pick(List.of("", ": a\u0000b", ": \u0001", " : x")) + "\r\n\r\n";
            case 3 -> head + length + "X-Big: " + "b".repeat(9000 + random.nextInt(20000)) + "\r\n\r\n";
            case 4 -> head + "Content-Length: " + pick(List.of("-1", "abc", body.length + ", 3")) + "\r\n\r\n";
            case 5 -> head + "Transfer-Encoding: " + pick(List.of("gzip", "chunked, gzip", "identity")) + "\r\n\r\n";
            case 6 -> head + "Transfer-Encoding: chunked\r\n\r\n" + pick(List.of("zz\r\n", "5\r\nabc\r\n0\r\n\r\n",
                    "-1\r\n"));
            case 7 -> head.replace("Host: 127.0.0.1\r\n", pick(List.of("", "Host: \r\n", "Host: a b\r\n")))
                    + length + "\r\n";
            default -> head + length + pick(List.of("X-Auth-Token: " + garbage(), "Accept-Language: \u00ff\u00fe",
                    "X-Forwarded-For: " + garbage(), "Expect: 100-continue-ish", "Content-Encoding: gzip"))
                    + "\r\n\r\n";
        };
        boolean withBody = defect <= 3 || defect == 7 || defect == 8;
        byte[] all = RawHttp.concat(raw.getBytes(StandardCharsets.ISO_8859_1), withBody ? body : new byte[0]);
        return new Case("line-or-headers/" + defect, "POST", all, Set.of());
    }

    private ObjectNode validCreateBody() {
        ObjectNode body = NODES.objectNode();
        body.put("name", "fuzz-" + random.nextInt(1000));
        claimedHosts.subList(0, 1 + random.nextInt(claimedHosts.size())).forEach(body.withArray("hosts")::add);
        body.put("target", pick(List.of("USERSPACE", "KERNEL", "FULL_REBOOT")));
        ObjectNode upgrade = body.putObject("upgrade");
        upgrade.putArray("command").add("apt-get").add("install").add("-y");
        upgrade.put("timeout_seconds", 60 + random.nextInt(3600));
        ObjectNode options = body.putObject("options");
        options.put("max_hosts_down", 1 + random.nextInt(3));
        options.putArray("allowed_actions").add("PRESERVE").add("LIVE_MIGRATE");
        return body;
    }

    /** A field of the body given a value of a type it does not take. */
    private String wrongType(ObjectNode body) {
        Map<String, List<String>> wrong = Map.of(
                "name", List.of("5", "true", "[]", "{}"),
                "hosts", List.of("\"compute-00000\"", "5", "{}", "[1]", "[[]]", "true"),
                "target", List.of("0", "2", "\"USERSPACE \"", "\" KERNEL\"", "\"userspace\"", "\"\"", "[]",
                        "\"USER\\u0000SPACE\""),
                "upgrade", List.of("\"x\"", "5", "[]", "true"),
                "upgrade.command", List.of("\"apt-get\"", "[1]", "[true]", "{}", "[[\"x\"]]"),
                "upgrade.timeout_seconds", List.of("1.5", "\"60\"", "true", "[]", "{}", "\"\"", "1e3",
                        "99999999999999999999", "-1", "0"),
                "options", List.of("\"x\"", "5", "[]"),
                "options.max_hosts_down", List.of("1.5", "\"1\"", "false", "[1]", "0.0", "2147483648", "-3"),
                "options.allowed_actions", List.of("\"PRESERVE\"", "[0]", "[\"PRESERVE \"]", "[\"preserve\"]",
                        "[\"FLY\"]", "[{}]"));
        String field = pick(List.copyOf(new java.util.TreeSet<>(wrong.keySet())));
        String value = pick(wrong.get(field));
        String[] parts = field.split("\\.");
        ObjectNode parent = parts.length == 1 ? body : (ObjectNode) body.get(parts[0]);
        parent.put(parts[parts.length - 1], "@@VALUE@@");
        return body.toString().replace("\"@@VALUE@@\"", value);
    }

    private String malformed(String text) {
        return switch (random.nextInt(4)) {
            case 0 -> text.substring(0, random.nextInt(text.length() - 1));
            case 1 -> text.replaceFirst(":", "");
            case 2 -> text + pick(List.of("}", "x", "{}", ",", "]"));
            default -> "\u00ef\u00bb" + garbage();
        };
    }

    private String with(ObjectNode body, java.util.function.Consumer<ObjectNode> change) {
        change.accept(body);
        return body.toString();
    }

    private List<ObjectNode> objects(ObjectNode body) {
        return List.of(body, (ObjectNode) body.get("upgrade"), (ObjectNode) body.get("options"));
    }

    private Case post(String label, String path, Map<String, String> headers, String body, Set<Integer> expected) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) {
            headers.put("Content-Length", String.valueOf(bytes.length));
        }
        headers.values().removeIf(String::isEmpty);
        return new Case(label, "POST", request("POST", path, closing(headers), bytes), expected);
    }

    private String garbage() {
        String alphabet = "abcXYZ019-_.~%/;:@!$&'()*+,=?#[]{}|\\^`\"<> ";
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(40); i >= 0; i--) {
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            text.append(c == ' ' || c == '#' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`'
                    || c == '{' || c == '}' || c == '|' ? "%" + String.format("%02X", (int) c) : String.valueOf(c));
        }
        return text.toString();
    }

    private static byte[] request(String method, String target, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return RawHttp.concat(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1), body);
    }

    private static Map<String, String> jsonHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        return headers;
    }

    private static Map<String, String> closing(Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", "127.0.0.1");
        all.putAll(headers);
        all.put("Connection", "close");
        return all;
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    JsonNode parse(String text) throws java.io.IOException {
        return json.readTree(text);
    }
}
