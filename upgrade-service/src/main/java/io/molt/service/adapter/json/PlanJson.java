package io.molt.service.adapter.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.molt.service.domain.plan.PlanOutcome;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a planning outcome as JSON, a {@link PlanDocument}: {@code {"feasible": true, "plan": {...}}} or
 * {@code {"feasible": false, "violations": [...], "draft": {...}}}; reasons are written as text, strategies by
 * their key, and a value that is absent (a VM's destination when it stays) is left out, not written as null.
 */
public final class PlanJson {

    /** Maps in key order (enum keys in declaration order): the same outcome is the same bytes, run after run. */
    private final ObjectMapper mapper = MoltJson.mapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    public void write(PlanOutcome outcome, OutputStream out) throws IOException {
        mapper.writerWithDefaultPrettyPrinter().writeValue(out, PlanDocument.of(outcome));
    }

    /**
     * The document without indentation, as it is stored with a campaign: the indentation was a sixth of the
     * bytes to write and send (2,000 x 40: 38.6 MB indented, 31.8 MB not).
     */
    public String write(PlanOutcome outcome) throws IOException {
        return mapper.writeValueAsString(PlanDocument.of(outcome));
    }
}
