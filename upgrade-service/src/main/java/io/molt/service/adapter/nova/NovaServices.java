package io.molt.service.adapter.nova;

import com.fasterxml.jackson.databind.JsonNode;
import io.molt.service.domain.cloud.CloudException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compute services through the REST API at microversion {@value #MICROVERSION}: services are named by
 * uuid and updated with {@code PUT /os-services/{uuid}}, which carries the disabled reason (openstack4j
 * cannot send one).
 */
final class NovaServices {

    static final String MICROVERSION = "2.53";

    /** A nova-compute service as Nova reports it. */
    record ComputeService(String id, String host, String zone, boolean enabled, boolean up, String disabledReason) {
    }

    private final NovaRest rest;

    NovaServices(NovaRest rest) {
        this.rest = rest;
    }

    /** All nova-compute services by host. */
    Map<String, ComputeService> computeServices() {
        Map<String, ComputeService> byHost = new LinkedHashMap<>();
        for (JsonNode s : rest.get("/os-services?binary=nova-compute", MICROVERSION).path("services")) {
            ComputeService service = parse(s);
            byHost.put(service.host(), service);
        }
        return byHost;
    }

    ComputeService computeService(String host) {
        for (JsonNode s : rest.get("/os-services?binary=nova-compute&host=" + host, MICROVERSION).path("services")) {
            ComputeService service = parse(s);
            if (host.equals(service.host())) {
                return service;
            }
        }
        throw new CloudException.NotFound("no nova-compute service on host " + host, 0);
    }

    /** Disables with the reason unless it is disabled with exactly that reason already. */
    void disable(String host, String reason) {
        ComputeService service = computeService(host);
        if (!service.enabled() && reason.equals(service.disabledReason())) {
            return;
        }
        rest.put("/os-services/" + service.id(), MICROVERSION, Map.of("status", "disabled", "disabled_reason", reason));
    }

    void enable(String host) {
        ComputeService service = computeService(host);
        if (service.enabled()) {
            return;
        }
        rest.put("/os-services/" + service.id(), MICROVERSION, Map.of("status", "enabled"));
    }

    private static ComputeService parse(JsonNode s) {
        JsonNode reason = s.get("disabled_reason");
        return new ComputeService(s.path("id").asText(), s.path("host").asText(), s.path("zone").asText(null),
                "enabled".equals(s.path("status").asText()), "up".equals(s.path("state").asText()),
                reason == null || reason.isNull() ? null : reason.asText());
    }
}
