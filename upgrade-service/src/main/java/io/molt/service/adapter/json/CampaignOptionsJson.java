package io.molt.service.adapter.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.molt.service.domain.plan.CampaignOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads campaign options from JSON (docs/snapshot-format.md): every key is optional and overrides the
 * default; {@code ratios} and {@code cost} may name only the values they change.
 */
public final class CampaignOptionsJson {

    private final ObjectMapper mapper = MoltJson.mapper();

    public CampaignOptions read(Path file) throws IOException {
        return read(mapper.readTree(file.toFile()));
    }

    public CampaignOptions read(String json) throws IOException {
        return read(mapper.readTree(json));
    }

    /** The options as JSON, every key present (reads back with {@link #read(String)}). */
    public String write(CampaignOptions options) throws IOException {
        return mapper.writeValueAsString(options);
    }

    /** The defaults as JSON, every key present: a starting point for an options file. */
    public String defaults() throws IOException {
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(CampaignOptions.defaults());
    }

    private CampaignOptions read(JsonNode given) throws IOException {
        if (!given.isObject()) {
            throw new IllegalArgumentException("campaign options must be a JSON object");
        }
        ObjectNode merged = mapper.valueToTree(CampaignOptions.defaults());
        overlay(merged, (ObjectNode) given, "");
        try {
            return mapper.treeToValue(merged, CampaignOptions.class);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            if (e.getCause() instanceof IllegalArgumentException refused) {
                throw refused; // the options' own message, naming the key
            }
            throw e;
        }
    }

    private static void overlay(ObjectNode base, ObjectNode given, String path) {
        Iterator<Map.Entry<String, JsonNode>> fields = given.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode current = base.get(field.getKey());
            if (current == null) {
                throw new IllegalArgumentException("unknown campaign option: " + path + field.getKey());
            }
            if (current.isObject() && field.getValue().isObject()) {
                overlay((ObjectNode) current, (ObjectNode) field.getValue(), path + field.getKey() + ".");
            } else {
                base.set(field.getKey(), field.getValue());
            }
        }
    }
}
