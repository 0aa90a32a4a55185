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
import java.util.stream.IntStream;

/**
 * A snapshot turned into arrays the planner can index: hosts sorted by name, VMs by uuid, server groups
 * by id. Sorting here is what makes plans independent of the order of the input. What the planner reads
 * of every VM over and over (host, allocation) is copied into columns, read from the snapshot in its own
 * order, so that the hot loops do not chase each VM's objects across the heap.
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
    /** Per host: the VMs on it in the snapshot, ascending. */
    final int[][] hostVms;
    /** Per VM: its flavor's vCPUs, RAM, and the host disk it takes (none when volume-backed). */
    final long[] vcpus;
    final long[] ramMib;
    final long[] localDiskGib;
    private final Map<String, Integer> hostIndex;

    CloudIndex(CloudSnapshot snapshot) {
        hosts = snapshot.hosts().stream().sorted(Comparator.comparing(Host::name)).toArray(Host[]::new);
        groups = snapshot.serverGroups().stream()
                .filter(g -> g.policy() == GroupPolicy.AFFINITY || g.policy() == GroupPolicy.ANTI_AFFINITY)
                .sorted(Comparator.comparing(ServerGroup::id)).toArray(ServerGroup[]::new);
        hostIndex = new HashMap<>(hosts.length * 2);
        for (int i = 0; i < hosts.length; i++) {
            if (hostIndex.put(hosts[i].name(), i) != null) {
                throw new IllegalArgumentException("host " + hosts[i].name() + " appears twice in the snapshot");
            }
        }
        Vm[] given = snapshot.vms().toArray(Vm[]::new);
        int[] order = UuidOrder.order(given);
        int n = given.length;
        int[] givenHost = new int[n];
        long[][] givenColumns = {new long[n], new long[n], new long[n]};
        IntStream.range(0, n).parallel().forEach(i -> {
            Vm vm = given[i];
            givenHost[i] = hostIndex.getOrDefault(vm.host(), -1);
            givenColumns[0][i] = vm.flavor().vcpus();
            givenColumns[1][i] = vm.flavor().ramMib();
            givenColumns[2][i] = HostLoad.localDiskGib(vm);
        });
        vms = new Vm[n];
        vmHost = new int[n];
        vcpus = new long[n];
        ramMib = new long[n];
        localDiskGib = new long[n];
        int[] count = new int[hosts.length];
        for (int i = 0; i < n; i++) {
            int from = order[i];
            vms[i] = given[from];
            vmHost[i] = givenHost[from];
            if (vmHost[i] < 0) {
                throw new IllegalArgumentException("VM " + vms[i].uuid() + " is on unknown host " + vms[i].host());
            }
            count[vmHost[i]]++;
            vcpus[i] = givenColumns[0][from];
            ramMib[i] = givenColumns[1][from];
            localDiskGib[i] = givenColumns[2][from];
        }
        hostVms = new int[hosts.length][];
        for (int h = 0; h < hosts.length; h++) {
            hostVms[h] = new int[count[h]];
            count[h] = 0;
        }
        for (int v = 0; v < n; v++) {
            hostVms[vmHost[v]][count[vmHost[v]]++] = v;
        }
        vmGroup = new int[n];
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
