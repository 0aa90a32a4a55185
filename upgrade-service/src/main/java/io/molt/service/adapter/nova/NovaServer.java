package io.molt.service.adapter.nova;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A server as Nova's API describes it at microversion {@value #MICROVERSION} (2.47: flavor embedded;
 * 2.71: its server group, but only when one server is shown, not in lists), reduced to what the adapter reads.
 */
record NovaServer(
        String id,
        String name,
        String projectId,
        String host,
        String status,
        String vmState,
        String taskState,
        int powerState,
        Map<String, String> metadata,
        JsonNode flavor,
        String serverGroupId,
        boolean volumeBacked) {

    static final String MICROVERSION = "2.71";

    static NovaServer from(JsonNode server) {
        Map<String, String> metadata = new LinkedHashMap<>();
        server.path("metadata").properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
        JsonNode groups = server.path("server_groups");
        JsonNode image = server.path("image");
        return new NovaServer(
                server.path("id").asText(),
                server.path("name").asText(null),
                server.path("tenant_id").asText(null),
                text(server, "OS-EXT-SRV-ATTR:host"),
                server.path("status").asText(null),
                text(server, "OS-EXT-STS:vm_state"),
                text(server, "OS-EXT-STS:task_state"),
                server.path("OS-EXT-STS:power_state").asInt(0),
                metadata,
                server.path("flavor"),
                groups.isArray() && !groups.isEmpty() ? groups.get(0).asText() : null,
                !image.isObject() || !image.hasNonNull("id"));
    }

    /** Nova's power state names (nova/compute/power_state.py). */
    String powerStateName() {
        return switch (powerState) {
            case 0 -> "NOSTATE";
            case 1 -> "RUNNING";
            case 3 -> "PAUSED";
            case 4 -> "SHUTDOWN";
            case 6 -> "CRASHED";
            case 7 -> "SUSPENDED";
            default -> "UNKNOWN(" + powerState + ")";
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
