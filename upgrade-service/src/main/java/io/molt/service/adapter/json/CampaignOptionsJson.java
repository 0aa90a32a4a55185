package io.molt.service.adapter.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.molt.service.domain.plan.CampaignOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one schema of campaign options (docs/snapshot-format.md), read by the same code from an options file
 * ({@code molt plan --options}) and from the {@code options} of a campaign created through the API: every key
 * is optional and overrides the default, {@code ratios} and {@code cost} may name only the values they
 * change, unknown keys and values of the wrong type are refused with the key named.
 * <p>
 * The schema is {@link CampaignOptions} itself, in snake_case: a new record component is a new key here, in
 * the API and in its OpenAPI document, with nothing else to write. Keys the API request sets on its own
 * ({@link #SET_BY_THE_REQUEST}) are refused in a request's options.
 */
public final class CampaignOptionsJson {

    /** Keys a campaign request gives elsewhere (its host selector) or the engine sets (a re-plan). */
    public static final Set<String> SET_BY_THE_REQUEST = Set.of("hosts", "upgraded_hosts", "first_hosts");

    private final ObjectMapper mapper = StrictJson.apply(MoltJson.mapper());

    /** Options from a file; the message of a refusal names the key. */
    public CampaignOptions read(Path file) throws IOException {
        JsonNode given;
        try {
            given = mapper.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "): campaign options are one JSON object");
        }
        return read(given, "", Set.of());
    }

    /** Options from JSON text, e.g. as stored with a campaign. */
    public CampaignOptions read(String json) throws IOException {
        return read(mapper.readTree(json), "", Set.of());
    }

    /**
     * The {@code options} of an API request (null when left out: the defaults); keys are named from the
     * request's root ({@code options.max_hosts_down}).
     */
    public CampaignOptions readRequest(JsonNode options) {
        return options == null || options.isNull() ? CampaignOptions.defaults()
                : read(options, "options.", SET_BY_THE_REQUEST);
    }

    /** The options as JSON, every key present (reads back with {@link #read(String)}). */
    public String write(CampaignOptions options) throws IOException {
        return mapper.writeValueAsString(options);
    }

    /** The defaults as JSON, every key present: a starting point for an options file. */
    public String defaults() throws IOException {
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(CampaignOptions.defaults());
    }

    private CampaignOptions read(JsonNode given, String within, Set<String> refused) {
        String name = within.isEmpty() ? "campaign options" : "field '" + within.substring(0, within.length() - 1) + "'";
        if (!given.isObject()) {
            throw new IllegalArgumentException(name + " must be a JSON object, e.g. {\"max_hosts_down\": 2}");
        }
        for (String key : refused) {
            if (given.has(key)) {
                throw new IllegalArgumentException("field '" + within + key + "' is not an option here: give the "
                        + "hosts to upgrade at the top of the request (hosts, aggregate or availability_zone)");
            }
        }
        ObjectNode merged = mapper.valueToTree(CampaignOptions.defaults());
        overlay(merged, (ObjectNode) given, within);
        try {
            return mapper.treeToValue(merged, CampaignOptions.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException(JsonInputErrors.describe(e instanceof JsonProcessingException ? e
                    : e.getCause() != null ? e.getCause() : e, within), e);
        }
    }

    private static void overlay(ObjectNode base, ObjectNode given, String path) {
        Iterator<Map.Entry<String, JsonNode>> fields = given.properties().iterator();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode current = base.get(field.getKey());
            if (current == null) {
                Set<String> known = new TreeSet<>();
                base.fieldNames().forEachRemaining(known::add);
                throw new IllegalArgumentException("unknown field '" + path + field.getKey() + "': remove it; the "
                        + "fields here are " + known);
            }
            if (field.getValue().isNull() && !current.isNull()) {
                throw new IllegalArgumentException("field '" + path + field.getKey() + "' must not be null: leave "
                        + "it out for the default (" + current + ")");
            }
            if (current.isObject() && field.getValue().isObject()) {
                overlay((ObjectNode) current, (ObjectNode) field.getValue(), path + field.getKey() + ".");
            } else {
                base.set(field.getKey(), field.getValue());
            }
        }
    }
}
