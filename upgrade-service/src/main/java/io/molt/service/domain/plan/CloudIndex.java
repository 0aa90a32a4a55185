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
 * A snapshot turned into arrays the planner can index: hosts sorted by name, server groups by id, and VMs
 * host by host (in host order), each host's VMs by uuid. Sorting here is what makes plans independent of
 * the order of the input. What the planner reads of every VM over and over (host, allocation, group) is
 * copied into columns; since a host's VMs have adjacent indices, the planner's per-host loops read
 * adjacent entries of each column instead of one cache line per VM. Wherever VMs from several hosts meet
 * (a host that received migrations), they are ordered by {@link #uuidRank}, so every list of VMs is in
 * uuid order.
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
    /** Per host: the VMs on it in the snapshot, ascending (by index, which is by uuid within a host). */
    final int[][] hostVms;
    /** Per VM: its place among all VMs ordered by uuid. */
    final int[] uuidRank;
    /** Per VM: its flavor's vCPUs, RAM, and the host disk it takes (none when volume-backed). */
    final long[] vcpus;
    final long[] ramMib;
    final long[] localDiskGib;
    /** VM indices in uuid order. */
    private final int[] byUuid;
    /** The uuids in order, as values where they are canonical (to find a VM by uuid without string compares). */
    private final UuidOrder.Sorted byUuidValue;
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
        int n = given.length;
        int[] givenHost = new int[n];
        IntStream.range(0, n).parallel().forEach(i -> givenHost[i] = hostIndex.getOrDefault(given[i].host(), -1));
        byUuidValue = UuidOrder.sort(given);
        int[] order = byUuidValue.positions();
        int[] start = new int[hosts.length + 1];
        for (int i = 0; i < n; i++) {
            if (givenHost[i] >= 0) { // a VM on an unknown host is refused below, in uuid order
                start[givenHost[i] + 1]++;
            }
        }
        for (int h = 0; h < hosts.length; h++) {
            start[h + 1] += start[h];
        }
        uuidRank = new int[n];
        byUuid = new int[n];
        int[] indexOf = new int[n];
        int[] next = Arrays.copyOf(start, hosts.length);
        for (int rank = 0; rank < n; rank++) { // in uuid order, so each host's VMs come out sorted by uuid
            int from = order[rank];
            if (givenHost[from] < 0) {
                throw new IllegalArgumentException("VM " + given[from].uuid() + " is on unknown host " + given[from].host());
            }
            int v = next[givenHost[from]]++;
            indexOf[from] = v;
            byUuid[rank] = v;
            uuidRank[v] = rank;
        }
        vms = new Vm[n];
        vmHost = new int[n];
        vcpus = new long[n];
        ramMib = new long[n];
        localDiskGib = new long[n];
        IntStream.range(0, n).parallel().forEach(i -> { // in the snapshot's order: each VM's objects read once
            Vm vm = given[i];
            int v = indexOf[i];
            vms[v] = vm;
            vmHost[v] = givenHost[i];
            vcpus[v] = vm.flavor().vcpus();
            ramMib[v] = vm.flavor().ramMib();
            localDiskGib[v] = HostLoad.localDiskGib(vm);
        });
        hostVms = new int[hosts.length][];
        for (int h = 0; h < hosts.length; h++) {
            int first = start[h];
            hostVms[h] = new int[start[h + 1] - first];
            Arrays.setAll(hostVms[h], i -> first + i);
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
        int rank = byUuidValue.rank(uuid);
        if (rank != -2) {
            return rank < 0 ? -1 : byUuid[rank];
        }
        int low = 0;
        int high = vms.length - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = vms[byUuid[middle]].uuid().compareTo(uuid);
            if (order == 0) {
                return byUuid[middle];
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
