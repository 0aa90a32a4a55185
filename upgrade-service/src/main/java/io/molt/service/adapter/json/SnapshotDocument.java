package io.molt.service.adapter.json;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.HostCapabilities;
import io.molt.service.domain.cloud.Resources;
import io.molt.service.domain.cloud.ServerGroup;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmPolicy;
import io.molt.service.domain.cloud.VmState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of a {@link CloudSnapshot} (docs/snapshot-format.md). Optional keys may be left out: hosts
 * are enabled and up, VMs ACTIVE with local disks and no special devices, policies come from Nova-style
 * metadata ({@code molt:policy}, {@code molt:max-downtime-ms}).
 */
record SnapshotDocument(Instant takenAt, List<HostDocument> hosts, List<VmDocument> vms,
        List<GroupDocument> serverGroups) {

    record HostDocument(String name, String availabilityZone, List<String> aggregates, Resources capacity,
            Resources used, Boolean enabled, Boolean up, String hypervisorVersion, CapabilitiesDocument capabilities) {
    }

    /** A host's capabilities: every key but {@code guests_at_once} (1 if left out) is required. */
    record CapabilitiesDocument(boolean agentOnline, boolean fileBackedSharedMemory, long preservedMemoryMib,
            boolean kexecSupported, String qemuVersion, String libvirtVersion, double diskWriteMibPerSec,
            Integer guestsAtOnce) {

        static CapabilitiesDocument of(HostCapabilities c) {
            return new CapabilitiesDocument(c.agentOnline(), c.fileBackedSharedMemory(), c.preservedMemoryMib(),
                    c.kexecSupported(), c.qemuVersion(), c.libvirtVersion(), c.diskWriteMibPerSec(), c.guestsAtOnce());
        }

        HostCapabilities toCapabilities() {
            return new HostCapabilities(agentOnline, fileBackedSharedMemory, preservedMemoryMib, kexecSupported,
                    qemuVersion, libvirtVersion, diskWriteMibPerSec, guestsAtOnce == null ? 1 : guestsAtOnce);
        }
    }

    record VmDocument(String uuid, String name, String projectId, String host, Resources flavor, VmState state,
            Boolean volumeBacked, Boolean specialDevices, Map<String, String> metadata, String serverGroup,
            Double dirtyRateMibPerSec) {
    }

    record GroupDocument(String id, String name, String policy, List<String> members) {
    }

    CloudSnapshot toSnapshot() {
        return SnapshotInputRules.check(new CloudSnapshot(takenAt == null ? Instant.EPOCH : takenAt,
                orEmpty(hosts).stream().map(SnapshotDocument::host).toList(),
                orEmpty(vms).stream().map(SnapshotDocument::vm).toList(),
                orEmpty(serverGroups).stream().map(g -> new ServerGroup(g.id(), g.name(),
                        policy(g), orEmpty(g.members()))).toList()));
    }

    static SnapshotDocument of(CloudSnapshot snapshot) {
        return new SnapshotDocument(snapshot.takenAt(),
                snapshot.hosts().stream().map(h -> new HostDocument(h.name(), h.availabilityZone(),
                        h.aggregates().stream().sorted().toList(), h.capacity(), h.used(), h.enabled(), h.up(),
                        h.hypervisorVersion(), CapabilitiesDocument.of(h.capabilities()))).toList(),
                snapshot.vms().stream().map(SnapshotDocument::document).toList(),
                snapshot.serverGroups().stream().map(g -> new GroupDocument(g.id(), g.name(), g.policy().novaName(),
                        g.memberUuids())).toList());
    }

    private static Host host(HostDocument h) {
        required(h.name(), "hosts[].name");
        return new Host(h.name(), h.availabilityZone() == null ? "nova" : h.availabilityZone(),
                Set.copyOf(orEmpty(h.aggregates())), required(h.capacity(), "capacity of host " + h.name()),
                h.used() == null ? Resources.ZERO : h.used(), h.enabled() == null || h.enabled(),
                h.up() == null || h.up(), h.hypervisorVersion(),
                h.capabilities() == null ? HostCapabilities.NONE : h.capabilities().toCapabilities());
    }

    private static Vm vm(VmDocument v) {
        required(v.uuid(), "vms[].uuid");
        required(v.host(), "host of VM " + v.uuid());
        Map<String, String> metadata = v.metadata() == null ? Map.of() : v.metadata();
        String policyText = metadata.get(VmPolicy.METADATA_KEY);
        VmPolicy policy = VmPolicy.parse(policyText).orElseThrow(() -> new IllegalArgumentException(
                "VM " + v.uuid() + ": " + VmPolicy.METADATA_KEY + " '" + policyText + "' is not a policy"));
        String maxDowntime = metadata.get(VmPolicy.MAX_DOWNTIME_KEY);
        return new Vm(v.uuid(), v.name(), v.projectId(), v.host(), required(v.flavor(), "flavor of VM " + v.uuid()),
                v.state() == null ? VmState.ACTIVE : v.state(), Boolean.TRUE.equals(v.volumeBacked()),
                Boolean.TRUE.equals(v.specialDevices()), policy, maxDowntime == null ? null : milliseconds(v, maxDowntime),
                v.serverGroup(), v.dirtyRateMibPerSec());
    }

    private static ServerGroup.GroupPolicy policy(GroupDocument g) {
        try {
            return ServerGroup.GroupPolicy.fromNova(required(g.policy(), "policy of server group " + g.id()));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("policy of")) {
                throw e;
            }
            throw new IllegalArgumentException("server group " + g.id() + ": policy '" + g.policy() + "' is not one of "
                    + "affinity, anti-affinity, soft-affinity, soft-anti-affinity");
        }
    }

    private static long milliseconds(VmDocument v, String text) {
        try {
            long value = Long.parseLong(text.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("VM " + v.uuid() + ": " + VmPolicy.MAX_DOWNTIME_KEY + " '" + text
                + "' is not a number of milliseconds (0 or more)");
    }

    private static VmDocument document(Vm v) {
        Map<String, String> metadata = new HashMap<>();
        if (v.policy() != VmPolicy.ANY) {
            metadata.put(VmPolicy.METADATA_KEY, v.policy().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (v.maxDowntimeMs() != null) {
            metadata.put(VmPolicy.MAX_DOWNTIME_KEY, v.maxDowntimeMs().toString());
        }
        return new VmDocument(v.uuid(), v.name(), v.projectId(), v.host(), v.flavor(), v.state(), v.volumeBacked(),
                v.specialDevices(), metadata.isEmpty() ? null : new java.util.TreeMap<>(metadata), v.serverGroupId(),
                v.dirtyRateMibPerSec());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <T> T required(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is required");
        }
        return value;
    }
}
