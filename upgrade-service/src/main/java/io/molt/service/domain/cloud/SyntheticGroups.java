package io.molt.service.domain.cloud;

import io.molt.service.domain.cloud.ServerGroup.GroupPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Server groups for a synthetic cloud: anti-affinity groups of 2-4 VMs on distinct hosts of one zone, and
 * affinity groups of 2-3 VMs on one host, as Nova's scheduler would have placed them.
 */
final class SyntheticGroups {

    private final List<Vm> members;
    private final List<ServerGroup> groups = new ArrayList<>();

    SyntheticGroups(Random random, SyntheticCloudSpec spec, List<Vm> vms) {
        members = new ArrayList<>(vms);
        Map<String, List<Integer>> vmsByHost = new HashMap<>();
        List<String> hostNames = new ArrayList<>();
        for (int i = 0; i < vms.size(); i++) {
            String host = vms.get(i).host();
            vmsByHost.computeIfAbsent(host, h -> {
                hostNames.add(h);
                return new ArrayList<>();
            }).add(i);
        }
        if (hostNames.isEmpty()) {
            return;
        }
        int grouped = (int) (vms.size() * spec.groupedShare());
        int antiAffinityVms = grouped * 2 / 3;
        int affinityVms = grouped - antiAffinityVms;
        while (antiAffinityVms > 0) {
            int size = Math.min(2 + random.nextInt(3), Math.max(1, hostNames.size() / spec.zones()));
            int first = random.nextInt(hostNames.size());
            List<Integer> picked = new ArrayList<>();
            // hosts of one zone are every spec.zones()-th host; take consecutive ones from there
            for (int k = 0; k < size; k++) {
                String host = hostNames.get((first + k * spec.zones()) % hostNames.size());
                List<Integer> candidates = vmsByHost.get(host);
                if (!candidates.isEmpty()) {
                    picked.add(candidates.remove(candidates.size() - 1));
                }
            }
            antiAffinityVms -= Math.max(1, picked.size());
            add(GroupPolicy.ANTI_AFFINITY, picked);
        }
        while (affinityVms > 0) {
            List<Integer> candidates = vmsByHost.get(hostNames.get(random.nextInt(hostNames.size())));
            List<Integer> picked = new ArrayList<>();
            for (int k = 2 + random.nextInt(2); k > 0 && !candidates.isEmpty(); k--) {
                picked.add(candidates.remove(candidates.size() - 1));
            }
            affinityVms -= Math.max(1, picked.size());
            add(GroupPolicy.AFFINITY, picked);
        }
    }

    private void add(GroupPolicy groupPolicy, List<Integer> picked) {
        if (picked.size() < 2) {
            return;
        }
        String id = "group-" + (groups.size() + 1);
        List<String> uuids = new ArrayList<>(picked.size());
        for (int index : picked) {
            Vm vm = members.get(index);
            // an affinity group moves as one: its members get the default policy so that they can
            VmPolicy policy = groupPolicy == GroupPolicy.AFFINITY ? VmPolicy.ANY : vm.policy();
            members.set(index, new Vm(vm.uuid(), vm.name(), vm.projectId(), vm.host(), vm.flavor(), vm.state(),
                    vm.volumeBacked(), vm.specialDevices(), policy, vm.maxDowntimeMs(), id, vm.dirtyRateMibPerSec()));
            uuids.add(vm.uuid());
        }
        groups.add(new ServerGroup(id, groupPolicy.novaName() + "-" + groups.size(), groupPolicy, uuids));
    }

    List<Vm> members() {
        return members;
    }

    List<ServerGroup> groups() {
        return groups;
    }
}
