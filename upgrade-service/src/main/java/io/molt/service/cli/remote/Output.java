package io.molt.service.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Prints resources as the {@code openstack} CLI does: a table by default, or {@code -f json|yaml|value},
 * with {@code -c COLUMN} (repeatable) to keep some columns. Columns are the API's own field names.
 */
final class Output {

    enum Format { table, json, yaml, value }

    private final Format format;
    private final List<String> chosen;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    Output(Format format, List<String> chosen) {
        this.format = format;
        this.chosen = chosen == null ? List.of() : chosen;
    }

    /** One resource: a Field/Value table, an object, a mapping, or one value a line. */
    void one(PrintWriter out, List<String> columns, JsonNode resource) {
        List<String> shown = columns(columns);
        ObjectNode picked = pick(resource, shown);
        switch (format) {
            case table -> {
                List<List<String>> rows = shown.stream().map(c -> List.of(c, cell(picked.get(c)))).toList();
                table(out, List.of("Field", "Value"), rows);
            }
            case json -> out.println(text(picked));
            case yaml -> out.print(yaml(picked));
            case value -> shown.forEach(c -> out.println(cell(picked.get(c))));
        }
        out.flush();
    }

    /** Several resources: a table with a row each, an array, a list, or a line each. */
    void many(PrintWriter out, List<String> columns, JsonNode resources) {
        many(out, columns, columns, resources);
    }

    /** The same, showing {@code shown} unless {@code -c} chose from {@code columns}. */
    void many(PrintWriter out, List<String> columns, List<String> byDefault, JsonNode resources) {
        columns(columns);
        List<String> shown = chosen.isEmpty() ? byDefault : chosen;
        List<ObjectNode> picked = new ArrayList<>();
        resources.forEach(r -> picked.add(pick(r, shown)));
        switch (format) {
            case table -> table(out, shown, picked.stream()
                    .map(r -> shown.stream().map(c -> cell(r.get(c))).toList()).toList());
            case json -> {
                ArrayNode array = json.createArrayNode();
                picked.forEach(array::add);
                out.println(text(array));
            }
            case yaml -> out.print(picked.isEmpty() ? "[]\n" : yaml(json.valueToTree(picked)));
            case value -> picked.forEach(r -> out.println(shown.stream().map(c -> cell(r.get(c)))
                    .collect(Collectors.joining(" "))));
        }
        out.flush();
    }

    /** A whole document (json or yaml; a table or value shows it as JSON). */
    void whole(PrintWriter out, JsonNode document) {
        out.print(format == Format.yaml ? yaml(document) : text(document) + "\n");
        out.flush();
    }

    private List<String> columns(List<String> available) {
        for (String c : chosen) {
            if (!available.contains(c)) {
                throw new CliFailure(ExitCodes.USAGE, "no column " + c + "; the columns are " + available);
            }
        }
        return chosen.isEmpty() ? available : chosen;
    }

    private ObjectNode pick(JsonNode resource, List<String> columns) {
        ObjectNode picked = json.createObjectNode();
        columns.forEach(c -> picked.set(c, resource.has(c) ? resource.get(c) : json.nullNode()));
        return picked;
    }

    private static String cell(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private String text(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String yaml(JsonNode node) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(json.convertValue(node, Object.class));
    }

    static void table(PrintWriter out, List<String> headings, List<List<String>> rows) {
        int[] widths = new int[headings.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headings.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder rule = new StringBuilder("+");
        for (int width : widths) {
            rule.append("-".repeat(width + 2)).append('+');
        }
        out.println(rule);
        out.println(line(headings, widths));
        out.println(rule);
        rows.forEach(row -> out.println(line(row, widths)));
        out.println(rule);
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < widths.length; i++) {
            line.append(' ').append(cells.get(i)).append(" ".repeat(widths[i] - cells.get(i).length() + 1)).append('|');
        }
        return line.toString();
    }
}
