package io.molt.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.molt.agent.config.AgentConfigKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * values.schema.json covers every value: each object it describes admits no other key, and it has a place
 * for every key that docs/configuration.md and docs/nova-integration.md give the service and the agent,
 * except the passwords, which it keeps out of the ConfigMap.
 */
class ValuesSchemaTest {

    private static final Path CHART = Path.of(System.getProperty("molt.chart.dir", "molt")).toAbsolutePath();
    private static final Path DOCS = CHART.getParent().getParent().resolve("docs");
    private static final Set<String> PASSWORDS = Set.of("spring.datasource.password", "spring.rabbitmq.password",
            "molt.nova.password", "molt.nova.application-credential-secret");

    private final JsonObject schema = read();

    @Test
    void everyObjectWithNamedPropertiesIsClosed() {
        List<String> open = new ArrayList<>();
        walk(schema, "", open);

        assertThat(open).isEmpty();
    }

    @Test
    void everyServiceKeyOfTheDocsHasItsPlaceUnderConfig() throws IOException {
        List<String> keys = new ArrayList<>(documentedKeys(section(DOCS.resolve("configuration.md"),
                "## Upgrade service", "## Host agent"), ""));
        keys.addAll(documentedKeys(section(DOCS.resolve("nova-integration.md"), "## Configuration (`molt.nova.*`)",
                "## Tests"), "molt.nova."));

        assertThat(keys).hasSizeGreaterThan(40).contains("molt.simulation.vms-per-host", "molt.nova.retry.max-backoff");
        for (String key : keys) {
            JsonObject place = place(object(object(schema, "properties"), "config"), key);
            if (PASSWORDS.contains(key)) {
                assertThat(place).as("%s has no place in the ConfigMap", key).isNull();
            } else {
                assertThat(place).as("the schema's place for config.%s", key).isNotNull();
            }
        }
    }

    /** A key added to the agent must be added to the chart's schema too (or the chart cannot set it). */
    @Test
    void everyAgentKeyHasItsPlaceUnderAgentProperties() {
        JsonObject properties = object(object(object(object(object(schema, "properties"), "agent"), "properties"),
                "properties"), "properties");
        Set<String> setByTheChart = Set.of("host", "amqp.uri", "amqp.prefix");

        List<String> missing = Arrays.stream(AgentConfigKey.values()).map(AgentConfigKey::key)
                .filter(key -> !setByTheChart.contains(key) && !properties.has(key)).toList();

        assertThat(missing).isEmpty();
        assertThat(properties.keySet()).allMatch(key -> Arrays.stream(AgentConfigKey.values()).anyMatch(k -> k.key().equals(key)));
    }

    /** The keys in the first column of a docs table, with {@code a.b.c / d / e} read as a.b.c, a.b.d, a.b.e. */
    private static List<String> documentedKeys(String table, String prefix) {
        List<String> keys = new ArrayList<>();
        Pattern code = Pattern.compile("`([a-z0-9.-]+)`");
        for (String line : table.lines().filter(l -> l.startsWith("| `")).toList()) {
            Matcher names = code.matcher(line.split("\\|")[1]);
            String first = null;
            while (names.find()) {
                String name = names.group(1);
                if (first == null) {
                    first = prefix + name;
                    keys.add(first);
                } else {
                    keys.add(first.contains(".") && !prefix.equals(first.substring(0, first.lastIndexOf('.') + 1))
                            ? first.substring(0, first.lastIndexOf('.') + 1) + name : prefix + name);
                }
            }
        }
        return keys;
    }

    /** The schema object for a dotted key under {@code config}, or null when it has none. */
    private static JsonObject place(JsonObject config, String key) {
        JsonObject node = config;
        for (String part : key.split("\\.")) {
            JsonObject properties = object(node, "properties");
            if (properties == null || !properties.has(part)) {
                return null;
            }
            node = properties.getAsJsonObject(part);
        }
        return node;
    }

    /** Walks schema nodes (not keyword maps): the properties' and definitions' values, items, additionalProperties. */
    private static void walk(JsonElement element, String where, List<String> open) {
        if (!element.isJsonObject()) {
            return;
        }
        JsonObject node = element.getAsJsonObject();
        JsonElement additional = node.get("additionalProperties");
        boolean closed = additional != null && additional.isJsonPrimitive() && !additional.getAsBoolean();
        if (node.has("properties") && !closed) {
            open.add(where.isEmpty() ? "(root)" : where);
        }
        for (String keyword : List.of("properties", "definitions")) {
            if (node.has(keyword)) {
                node.getAsJsonObject(keyword).entrySet()
                        .forEach(child -> walk(child.getValue(), where + "/" + child.getKey(), open));
            }
        }
        for (String keyword : List.of("items", "additionalProperties")) {
            if (node.has(keyword)) {
                walk(node.get(keyword), where + "/" + keyword, open);
            }
        }
    }

    private static String section(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        int start = text.indexOf(from);
        int end = text.indexOf(to, start);
        assertThat(start).as("%s in %s", from, file).isNotNegative();
        return text.substring(start, end < 0 ? text.length() : end);
    }

    private static JsonObject object(JsonObject parent, String key) {
        return parent == null || !parent.has(key) ? null : parent.getAsJsonObject(key);
    }

    private static JsonObject read() {
        try {
            return JsonParser.parseString(Files.readString(CHART.resolve("values.schema.json"))).getAsJsonObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
