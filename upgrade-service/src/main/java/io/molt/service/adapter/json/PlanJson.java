package io.molt.service.adapter.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.molt.service.domain.plan.PlanOutcome;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a planning outcome as JSON: {@code {"feasible": true, "plan": {...}}} or
 * {@code {"feasible": false, "violations": [...], "draft": {...}}}; reasons are written as text.
 */
public final class PlanJson {

    /** Maps in key order (enum keys in declaration order): the same outcome is the same bytes, run after run. */
    private final ObjectMapper mapper = MoltJson.mapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public void write(PlanOutcome outcome, OutputStream out) throws IOException {
        mapper.writerWithDefaultPrettyPrinter().writeValue(out, document(outcome));
    }

    public String write(PlanOutcome outcome) throws IOException {
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(document(outcome));
    }

    private static Map<String, Object> document(PlanOutcome outcome) {
        Map<String, Object> document = new LinkedHashMap<>();
        if (outcome instanceof PlanOutcome.Planned planned) {
            document.put("feasible", true);
            document.put("plan", planned.plan());
        } else if (outcome instanceof PlanOutcome.Infeasible infeasible) {
            document.put("feasible", false);
            document.put("violations", infeasible.violations());
            document.put("draft", infeasible.draft());
        }
        return document;
    }
}
