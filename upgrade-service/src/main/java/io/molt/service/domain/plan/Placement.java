package io.molt.service.domain.plan;

import java.util.Arrays;

/**
 * Where each VM is as the plan unfolds, and each host's load. Mutable, owned by one planning run. Each
 * host's VMs are kept as an {@code int} array with a count, in uuid order (no boxing: this is on the hot path).
 */
final class Placement {

    private final CloudIndex cloud;
    private final int[] vmHost;
    private final int[][] hostVms;
    private final int[] hostVmCount;
    final HostLoad[] loads;

    Placement(CloudIndex cloud, AllocationRatios ratios) {
        this.cloud = cloud;
        vmHost = cloud.vmHost.clone();
        hostVms = new int[cloud.hosts.length][];
        hostVmCount = new int[cloud.hosts.length];
        loads = new HostLoad[cloud.hosts.length];
        for (int h = 0; h < cloud.hosts.length; h++) {
            hostVms[h] = cloud.hostVms[h].clone();
            hostVmCount[h] = hostVms[h].length;
            long vcpus = 0;
            long ram = 0;
            long disk = 0;
            for (int vm : hostVms[h]) {
                vcpus += cloud.vcpus[vm];
                ram += cloud.ramMib[vm];
                disk += cloud.localDiskGib[vm];
            }
            loads[h] = new HostLoad(h, cloud.hosts[h], ratios, vcpus, ram, disk);
        }
    }

    int hostOf(int vm) {
        return vmHost[vm];
    }

    /** A copy of the VMs on a host now, in uuid order. */
    int[] vmsOn(int host) {
        return Arrays.copyOf(hostVms[host], hostVmCount[host]);
    }

    /** Records a migration; the caller has checked the destination. Loads change on both sides. */
    void move(int vm, int destination) {
        int source = vmHost[vm];
        leave(vm, source);
        int[] arrivals = hostVms[destination];
        int count = hostVmCount[destination];
        if (count == arrivals.length) {
            arrivals = Arrays.copyOf(arrivals, Math.max(8, count * 2));
            hostVms[destination] = arrivals;
        }
        int at = -position(arrivals, count, vm) - 1;
        System.arraycopy(arrivals, at, arrivals, at + 1, count - at);
        arrivals[at] = vm;
        hostVmCount[destination] = count + 1;
        loads[destination].add(cloud.vcpus[vm], cloud.ramMib[vm], cloud.localDiskGib[vm]);
        vmHost[vm] = destination;
    }

    /** Records a deletion: the VM's resources are freed. */
    void terminate(int vm) {
        leave(vm, vmHost[vm]);
        vmHost[vm] = -1;
    }

    private void leave(int vm, int source) {
        int[] vms = hostVms[source];
        int count = hostVmCount[source];
        int at = position(vms, count, vm);
        System.arraycopy(vms, at + 1, vms, at, count - at - 1);
        hostVmCount[source] = count - 1;
        loads[source].remove(cloud.vcpus[vm], cloud.ramMib[vm], cloud.localDiskGib[vm]);
    }

    /** Where {@code vm} is in a host's VMs (by uuid rank), or {@code -(insertion point) - 1}, as binary search says. */
    private int position(int[] vms, int count, int vm) {
        int rank = cloud.uuidRank[vm];
        int low = 0;
        int high = count - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int other = cloud.uuidRank[vms[middle]];
            if (other < rank) {
                low = middle + 1;
            } else if (other > rank) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -(low + 1);
    }

    /** Whether a host now holds another member of this VM's hard anti-affinity group. */
    boolean holdsGroupPeer(int host, int vm) {
        if (!cloud.antiAffine(vm)) {
            return false;
        }
        for (int peer : cloud.groupMembers[cloud.vmGroup[vm]]) {
            if (peer != vm && vmHost[peer] == host) {
                return true;
            }
        }
        return false;
    }
}
