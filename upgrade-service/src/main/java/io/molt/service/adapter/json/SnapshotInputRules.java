package io.molt.service.adapter.json;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.Resources;
import io.molt.service.domain.cloud.ServerGroup;
import io.molt.service.domain.cloud.Vm;
import java.util.HashSet;
import java.util.Set;

/**
 * What a snapshot file must hold beyond its JSON types (docs/snapshot-format.md, "Invalid input"): a host
 * has at least 1 vCPU and 1 MiB of RAM, a flavor at least 1 vCPU and 1 MiB, no figure is beyond
 * {@link #MAX_VCPUS} vCPUs, {@link #MAX_RAM_MIB} MiB or {@link #MAX_DISK_GIB} GiB (far above any machine, and
 * low enough that sums over 400,000 VMs cannot overflow), and a server group's members are VMs of the
 * snapshot. Each refusal names the host, VM or group and the key to fix.
 */
final class SnapshotInputRules {

    static final int MAX_VCPUS = 1 << 20;
    static final long MAX_RAM_MIB = 1L << 32;
    static final long MAX_DISK_GIB = 1L << 32;

    private SnapshotInputRules() {
    }

    static CloudSnapshot check(CloudSnapshot snapshot) {
        for (Host host : snapshot.hosts()) {
            String where = "host " + host.name() + ": ";
            notEmpty(where + "capacity", host.capacity(), "hosts[].capacity as the hypervisor reports it");
            bounded(where + "capacity", host.capacity());
            bounded(where + "used", host.used());
        }
        Set<String> uuids = new HashSet<>();
        for (Vm vm : snapshot.vms()) {
            String where = "VM " + vm.uuid() + ": ";
            notEmpty(where + "flavor", vm.flavor(), "vms[].flavor as Nova's flavor says");
            bounded(where + "flavor", vm.flavor());
            uuids.add(vm.uuid());
        }
        for (ServerGroup group : snapshot.serverGroups()) {
            for (String member : group.memberUuids()) {
                if (!uuids.contains(member)) {
                    throw new IllegalArgumentException("server group " + group.id() + " (" + group.name() + "): member "
                            + member + " is not a VM of the snapshot: remove it from server_groups[].members or add "
                            + "the VM to vms");
                }
            }
        }
        return snapshot;
    }

    private static void notEmpty(String what, Resources r, String fix) {
        if (r.vcpus() < 1 || r.ramMib() < 1) {
            throw new IllegalArgumentException(what + " " + text(r) + " has no vCPU or no RAM: give " + fix
                    + " (at least 1 vCPU and 1 MiB)");
        }
    }

    private static void bounded(String what, Resources r) {
        if (r.vcpus() > MAX_VCPUS || r.ramMib() > MAX_RAM_MIB || r.diskGib() > MAX_DISK_GIB) {
            throw new IllegalArgumentException(what + " " + text(r) + " is beyond what Molt plans for (at most "
                    + MAX_VCPUS + " vCPUs, " + MAX_RAM_MIB + " MiB, " + MAX_DISK_GIB + " GiB): check the figure's unit");
        }
    }

    private static String text(Resources r) {
        return "(" + r.vcpus() + " vCPUs, " + r.ramMib() + " MiB, " + r.diskGib() + " GiB)";
    }
}
