package io.molt.service.domain.plan;

import java.util.ArrayList;
import java.util.List;

/** Where each VM is as the plan unfolds, and each host's load. Mutable, owned by one planning run. */
final class Placement {

    private final CloudIndex cloud;
    private final int[] vmHost;
    private final List<List<Integer>> hostVms;
    final HostLoad[] loads;

    Placement(CloudIndex cloud, AllocationRatios ratios) {
        this.cloud = cloud;
        vmHost = new int[cloud.vms.length];
        hostVms = new ArrayList<>(cloud.hosts.length);
        loads = new HostLoad[cloud.hosts.length];
        for (int h = 0; h < cloud.hosts.length; h++) {
            hostVms.add(new ArrayList<>());
            loads[h] = new HostLoad(h, cloud.hosts[h], ratios);
        }
        for (int v = 0; v < cloud.vms.length; v++) {
            int h = cloud.vmHost[v];
            vmHost[v] = h;
            hostVms.get(h).add(v); // VMs are indexed in uuid order, so each list stays sorted
        }
    }

    int hostOf(int vm) {
        return vmHost[vm];
    }

    /** The VMs on a host now, ascending by index (that is, by uuid). */
    List<Integer> vmsOn(int host) {
        return hostVms.get(host);
    }

    /** Records a migration; the caller has checked the destination. Loads change on both sides. */
    void move(int vm, int destination) {
        int source = vmHost[vm];
        hostVms.get(source).remove(Integer.valueOf(vm));
        loads[source].remove(cloud.vms[vm]);
        List<Integer> arrivals = hostVms.get(destination);
        int at = java.util.Collections.binarySearch(arrivals, vm);
        arrivals.add(-at - 1, vm);
        loads[destination].add(cloud.vms[vm]);
        vmHost[vm] = destination;
    }

    /** Records a deletion: the VM's resources are freed. */
    void terminate(int vm) {
        int source = vmHost[vm];
        hostVms.get(source).remove(Integer.valueOf(vm));
        loads[source].remove(cloud.vms[vm]);
        vmHost[vm] = -1;
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
