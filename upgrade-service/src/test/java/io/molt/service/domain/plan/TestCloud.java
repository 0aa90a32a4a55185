package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.HostCapabilities;
import io.molt.service.domain.cloud.Resources;
import io.molt.service.domain.cloud.ServerGroup;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmPolicy;
import io.molt.service.domain.cloud.VmState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A small hand-made cloud for scenario tests: hosts of 64 GiB (94.5 GiB allocatable at ratio 1.5). */
final class TestCloud {

    static final HostCapabilities PRESERVING = new HostCapabilities(true, true, 32768, true, "7.2", "9.0", 0);
    static final HostCapabilities PLAIN = new HostCapabilities(true, false, 0, true, "7.2", "9.0", 0);

    private final List<Host> hosts = new ArrayList<>();
    private final List<Vm> vms = new ArrayList<>();
    private final List<ServerGroup> groups = new ArrayList<>();

    TestCloud host(String name, HostCapabilities capabilities) {
        return host(name, "az-1", capabilities);
    }

    TestCloud host(String name, String zone, HostCapabilities capabilities) {
        hosts.add(new Host(name, zone, Set.of(), new Resources(32, 65536, 1000), Resources.ZERO, true, true, "1",
                capabilities));
        return this;
    }

    TestCloud vm(String uuid, String host, long ramMib, VmPolicy policy) {
        return vm(uuid, host, ramMib, policy, 16.0, null);
    }

    TestCloud vm(String uuid, String host, long ramMib, VmPolicy policy, Double dirty, String group) {
        return vm(uuid, host, ramMib, policy, dirty, group, VmState.ACTIVE);
    }

    /** A VM whose owner set a downtime limit on it. */
    TestCloud limited(String uuid, String host, long ramMib, long maxDowntimeMs) {
        vm(uuid, host, ramMib, VmPolicy.ANY);
        Vm vm = vms.remove(vms.size() - 1);
        vms.add(new Vm(vm.uuid(), vm.name(), vm.projectId(), vm.host(), vm.flavor(), vm.state(), vm.volumeBacked(),
                vm.specialDevices(), vm.policy(), maxDowntimeMs, vm.serverGroupId(), vm.dirtyRateMibPerSec()));
        return this;
    }

    /** A VM that is shut off: it holds its allocation but has no running guest. */
    TestCloud stopped(String uuid, String host, long ramMib) {
        return vm(uuid, host, ramMib, VmPolicy.ANY, null, null, VmState.SHUTOFF);
    }

    private TestCloud vm(String uuid, String host, long ramMib, VmPolicy policy, Double dirty, String group,
            VmState state) {
        vms.add(new Vm(uuid, uuid, "p", host, new Resources(2, ramMib, 0), state, true, false, policy, null, group,
                dirty));
        Resources added = new Resources(2, ramMib, 0);
        for (int i = 0; i < hosts.size(); i++) {
            Host h = hosts.get(i);
            if (h.name().equals(host)) {
                hosts.set(i, new Host(h.name(), h.availabilityZone(), h.aggregates(), h.capacity(), h.used().plus(added),
                        h.enabled(), h.up(), h.hypervisorVersion(), h.capabilities()));
            }
        }
        return this;
    }

    /** Overrides what a host reports as used (e.g. missing or stale, below the sum of its VMs). */
    TestCloud reportedUsed(String host, Resources used) {
        hosts.replaceAll(h -> !h.name().equals(host) ? h : new Host(h.name(), h.availabilityZone(), h.aggregates(),
                h.capacity(), used, h.enabled(), h.up(), h.hypervisorVersion(), h.capabilities()));
        return this;
    }

    TestCloud group(String id, ServerGroup.GroupPolicy policy, String... members) {
        groups.add(new ServerGroup(id, id, policy, List.of(members)));
        return this;
    }

    CloudSnapshot snapshot() {
        return new CloudSnapshot(Instant.EPOCH, hosts, vms, groups);
    }
}
