package io.molt.service.adapter.nova;

import com.fasterxml.jackson.databind.JsonNode;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.HostCapabilities;
import io.molt.service.domain.cloud.Resources;
import io.molt.service.domain.cloud.ServerGroup;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmPolicy;
import io.molt.service.domain.cloud.VmState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.compute.HostAggregate;

/**
 * Reads a {@link CloudSnapshot}: aggregates through openstack4j; compute services, hypervisors, servers (all
 * projects, paged) and server groups through the REST API with explicit microversions.
 */
final class NovaSnapshotReader {

    private static final int PAGE = 1000;

    private final KeystoneSession session;
    private final NovaRest rest;
    private final NovaServices services;
    private final Clock clock;

    NovaSnapshotReader(KeystoneSession session, NovaRest rest, NovaServices services, Clock clock) {
        this.session = session;
        this.rest = rest;
        this.services = services;
        this.clock = clock;
    }

    CloudSnapshot read() {
        var takenAt = clock.instant();
        Map<String, NovaServices.ComputeService> computeServices = services.computeServices();
        OSClientV3 client = session.client();
        List<NovaHypervisor> hypervisors = new ArrayList<>();
        rest.get("/os-hypervisors/detail", NovaHypervisor.MICROVERSION).path("hypervisors")
                .forEach(h -> hypervisors.add(NovaHypervisor.from(h)));
        List<? extends HostAggregate> aggregates = openstack4j("list aggregates",
                () -> client.compute().hostAggregates().list());
        List<Host> hosts = hosts(computeServices, hypervisors, aggregates);
        List<ServerGroup> groups = serverGroups();
        // Nova lists a server's groups only when showing one server, not in lists: take them from the groups.
        Map<String, String> groupOfServer = new HashMap<>();
        groups.forEach(g -> g.memberUuids().forEach(member -> groupOfServer.putIfAbsent(member, g.id())));
        List<Vm> vms = servers().stream().filter(s -> s.host() != null)
                .map(s -> vm(s, groupOfServer.getOrDefault(s.id(), s.serverGroupId()))).toList();
        return new CloudSnapshot(takenAt, hosts, vms, groups);
    }

    private static List<Host> hosts(Map<String, NovaServices.ComputeService> computeServices,
            List<NovaHypervisor> hypervisors, List<? extends HostAggregate> aggregates) {
        Map<String, Set<String>> aggregatesByHost = new HashMap<>();
        for (HostAggregate aggregate : aggregates) {
            for (String host : aggregate.getHosts() == null ? List.<String>of() : aggregate.getHosts()) {
                aggregatesByHost.computeIfAbsent(host, h -> new HashSet<>()).add(aggregate.getName());
            }
        }
        Map<String, NovaHypervisor> hypervisorByHost = new LinkedHashMap<>();
        hypervisors.forEach(h -> hypervisorByHost.put(h.host(), h));
        List<Host> hosts = new ArrayList<>();
        for (NovaServices.ComputeService service : computeServices.values()) {
            NovaHypervisor hypervisor = hypervisorByHost.get(service.host());
            Resources capacity = hypervisor == null ? Resources.ZERO : hypervisor.capacity();
            Resources used = hypervisor == null ? Resources.ZERO : hypervisor.used();
            hosts.add(new Host(service.host(), service.zone() == null ? "" : service.zone(),
                    aggregatesByHost.getOrDefault(service.host(), Set.of()), capacity, used, service.enabled(),
                    service.up(), hypervisor == null ? null : hypervisor.version(),
                    HostCapabilities.NONE, service.disabledReason()));
        }
        return hosts;
    }

    private List<NovaServer> servers() {
        List<NovaServer> servers = new ArrayList<>();
        String marker = null;
        while (true) {
            String path = "/servers/detail?all_tenants=1&limit=" + PAGE + (marker == null ? "" : "&marker=" + marker);
            JsonNode page = rest.get(path, NovaServer.MICROVERSION).path("servers");
            page.forEach(s -> servers.add(NovaServer.from(s)));
            if (page.size() < PAGE) {
                return servers;
            }
            marker = servers.get(servers.size() - 1).id();
        }
    }

    private List<ServerGroup> serverGroups() {
        List<ServerGroup> groups = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            // 2.64: one "policy" per group instead of a list of "policies"
            JsonNode page = rest.get("/os-server-groups?all_projects=True&limit=" + PAGE + "&offset=" + offset, "2.64")
                    .path("server_groups");
            for (JsonNode group : page) {
                List<String> members = new ArrayList<>();
                group.path("members").forEach(m -> members.add(m.asText()));
                groups.add(new ServerGroup(group.path("id").asText(), group.path("name").asText(null),
                        ServerGroup.GroupPolicy.fromNova(group.path("policy").asText()), members));
            }
            if (page.size() < PAGE) {
                return groups;
            }
        }
    }

    static Vm vm(NovaServer server, String serverGroupId) {
        JsonNode flavor = server.flavor();
        Resources resources = new Resources(flavor.path("vcpus").asInt(), flavor.path("ram").asLong(),
                flavor.path("disk").asLong());
        JsonNode extraSpecs = flavor.path("extra_specs");
        boolean specialDevices = extraSpecs.has("pci_passthrough:alias") || extraSpecs.has("resources:VGPU")
                || extraSpecs.has("resources:PGPU");
        Map<String, String> metadata = server.metadata();
        VmPolicy policy = VmPolicy.parse(metadata.get(VmPolicy.METADATA_KEY)).orElse(VmPolicy.ANY);
        return new Vm(server.id(), server.name(), server.projectId(), server.host(), resources, vmState(server),
                server.volumeBacked(), specialDevices, policy, maxDowntime(metadata.get(VmPolicy.MAX_DOWNTIME_KEY)),
                serverGroupId, null, metadata, server.powerStateName(), server.taskState());
    }

    static VmState vmState(NovaServer server) {
        if (server.taskState() != null) {
            return VmState.BUSY;
        }
        String state = server.vmState() == null ? "" : server.vmState();
        return switch (state) {
            case "active" -> VmState.ACTIVE;
            case "paused" -> VmState.PAUSED;
            case "suspended" -> VmState.SUSPENDED;
            case "stopped" -> VmState.SHUTOFF;
            case "error" -> VmState.ERROR;
            default -> VmState.BUSY;
        };
    }

    private static Long maxDowntime(String value) {
        if (value == null) {
            return null;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            return parsed < 0 ? null : parsed;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static <T> T openstack4j(String what, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw NovaErrors.fromOpenstack4j(what, e);
        }
    }
}
