package io.molt.service.adapter.nova;

import com.fasterxml.jackson.databind.JsonNode;
import io.molt.service.domain.cloud.Resources;

/**
 * One entry of {@code GET /os-hypervisors/detail} at microversion 2.1 (2.88 drops the resource fields), read
 * through the REST API: openstack4j 3.12 maps {@code hypervisor_version} to nothing and always reports 0.
 *
 * @param host    the compute service's host ({@code service.host}), else the hypervisor's hostname
 * @param version {@code hypervisor_version} as Nova reports it (QEMU 10.0.2: 10000002), null when absent
 */
record NovaHypervisor(String host, Resources capacity, Resources used, String version) {

    static final String MICROVERSION = "2.1";

    static NovaHypervisor from(JsonNode h) {
        String host = h.path("service").path("host").asText(null);
        JsonNode version = h.path("hypervisor_version");
        return new NovaHypervisor(host != null ? host : h.path("hypervisor_hostname").asText(),
                new Resources(h.path("vcpus").asInt(), h.path("memory_mb").asLong(), h.path("local_gb").asLong()),
                new Resources(h.path("vcpus_used").asInt(), h.path("memory_mb_used").asLong(),
                        h.path("local_gb_used").asLong()),
                version.isMissingNode() || version.isNull() ? null : version.asText());
    }
}
