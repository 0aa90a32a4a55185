package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.ServerGroup;
import io.molt.service.domain.cloud.ServerGroup.GroupPolicy;
import io.molt.service.domain.cloud.Vm;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * A snapshot turned into arrays the planner can index: hosts sorted by name, VMs by uuid, server groups
 * by id. Sorting here is what makes plans independent of the order of the input.
 */
final class CloudIndex {

    final Host[] hosts;
    final Vm[] vms;
    final ServerGroup[] groups;
    /** Per VM: the index of its hard (anti-)affinity group, or -1. */
    final int[] vmGroup;
    /** Per group: its members' VM indices, ascending. */
    final int[][] groupMembers;
    /** Per VM: the index of the host it is on in the snapshot. */
    final int[] vmHost;
    private final Map<String, Integer> hostIndex;

    CloudIndex(CloudSnapshot snapshot) {
        hosts = snapshot.hosts().stream().sorted(Comparator.comparing(Host::name)).toArray(Host[]::new);
        vms = snapshot.vms().toArray(Vm[]::new);
        Arrays.parallelSort(vms, Comparator.comparing(Vm::uuid));
        groups = snapshot.serverGroups().stream()
                .filter(g -> g.policy() == GroupPolicy.AFFINITY || g.policy() == GroupPolicy.ANTI_AFFINITY)
                .sorted(Comparator.comparing(ServerGroup::id)).toArray(ServerGroup[]::new);
        hostIndex = new HashMap<>(hosts.length * 2);
        for (int i = 0; i < hosts.length; i++) {
            if (hostIndex.put(hosts[i].name(), i) != null) {
                throw new IllegalArgumentException("host " + hosts[i].name() + " appears twice in the snapshot");
            }
        }
        vmHost = new int[vms.length];
        for (int i = 0; i < vms.length; i++) {
            if (i > 0 && vms[i].uuid().equals(vms[i - 1].uuid())) {
                throw new IllegalArgumentException("VM " + vms[i].uuid() + " appears twice in the snapshot");
            }
            Integer host = hostIndex.get(vms[i].host());
            if (host == null) {
                throw new IllegalArgumentException("VM " + vms[i].uuid() + " is on unknown host " + vms[i].host());
            }
            vmHost[i] = host;
        }
        vmGroup = new int[vms.length];
        Arrays.fill(vmGroup, -1);
        groupMembers = new int[groups.length][];
        for (int g = 0; g < groups.length; g++) {
            int[] members = groups[g].memberUuids().stream().mapToInt(this::vmIndex).filter(i -> i >= 0)
                    .sorted().distinct().toArray();
            groupMembers[g] = members;
            for (int member : members) {
                vmGroup[member] = g;
            }
        }
    }

    /** The index of a VM by uuid, or -1 if the snapshot has no such VM. */
    int vmIndex(String uuid) {
        int low = 0;
        int high = vms.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = vms[middle].uuid().compareTo(uuid);
            if (order == 0) {
                return middle;
            } else if (order < 0) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return -1;
    }

    int hostIndex(String name) {
        Integer index = hostIndex.get(name);
        if (index == null) {
            throw new IllegalArgumentException("unknown host " + name);
        }
        return index;
    }

    boolean hasHost(String name) {
        return hostIndex.containsKey(name);
    }

    boolean antiAffine(int vm) {
        return vmGroup[vm] >= 0 && groups[vmGroup[vm]].policy() == GroupPolicy.ANTI_AFFINITY;
    }

    boolean affine(int vm) {
        return vmGroup[vm] >= 0 && groups[vmGroup[vm]].policy() == GroupPolicy.AFFINITY;
    }
}
