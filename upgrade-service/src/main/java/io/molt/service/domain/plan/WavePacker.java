package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.Host;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts the ordered hosts into waves:
 * <ol>
 *   <li>take the first host not yet planned (a wave always gets at least one);</li>
 *   <li>walk on in order, adding each host that keeps the wave within the hosts-down limits (global, per
 *       availability zone, per aggregate) and shares no hard anti-affinity group with a host already in
 *       the wave (by where the group's members are <em>now</em>, after earlier waves' migrations);</li>
 *   <li>stop when the wave is full, or after a bounded number of refusals, so a wave costs O(limit).</li>
 * </ol>
 * Sharing a group counts whatever the members' actions will be, which is stricter than needed (a member
 * that live-migrates stays available) but can be decided before the hosts' actions are.
 */
final class WavePacker {

    private final CloudIndex cloud;
    private final Placement placement;
    private final CampaignOptions options;
    private final int[] order;
    private final int[] next;
    private final int[] previous;
    private int head;

    WavePacker(CloudIndex cloud, Placement placement, CampaignOptions options, int[] order) {
        this.cloud = cloud;
        this.placement = placement;
        this.options = options;
        this.order = order;
        next = new int[order.length];
        previous = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            next[i] = i + 1;
            previous[i] = i - 1;
        }
        head = order.length == 0 ? -1 : 0;
    }

    boolean hasNext() {
        return head >= 0 && head < order.length;
    }

    /** The next wave's hosts (indices into the cloud), in order. */
    List<Integer> nextWave() {
        List<Integer> wave = new ArrayList<>();
        Map<String, Integer> perZone = new HashMap<>();
        Map<String, Integer> perAggregate = new HashMap<>();
        Set<Integer> groupsDown = new HashSet<>();
        int refusals = 0;
        int refusalLimit = 64 + 4 * options.maxHostsDown();
        for (int at = head; at < order.length && wave.size() < options.maxHostsDown() && refusals <= refusalLimit;
                at = next[at]) {
            int h = order[at];
            Host host = cloud.hosts[h];
            Set<Integer> groups = antiAffinityGroupsOn(h);
            if (fits(host, groups, perZone, perAggregate, groupsDown)) {
                wave.add(h);
                perZone.merge(host.availabilityZone(), 1, Integer::sum);
                for (String aggregate : host.aggregates()) {
                    perAggregate.merge(aggregate, 1, Integer::sum);
                }
                groupsDown.addAll(groups);
                unlink(at);
            } else {
                refusals++;
            }
        }
        return wave;
    }

    private boolean fits(Host host, Set<Integer> groups, Map<String, Integer> perZone,
            Map<String, Integer> perAggregate, Set<Integer> groupsDown) {
        if (perZone.getOrDefault(host.availabilityZone(), 0) >= options.maxHostsDownPerAz()) {
            return false;
        }
        for (String aggregate : host.aggregates()) {
            if (perAggregate.getOrDefault(aggregate, 0) >= options.maxHostsDownPerAggregate()) {
                return false;
            }
        }
        for (Integer group : groups) {
            if (groupsDown.contains(group)) {
                return false;
            }
        }
        return true;
    }

    private Set<Integer> antiAffinityGroupsOn(int host) {
        Set<Integer> groups = new HashSet<>();
        for (int vm : placement.vmsOn(host)) {
            if (cloud.antiAffine(vm)) {
                groups.add(cloud.vmGroup[vm]);
            }
        }
        return groups;
    }

    private void unlink(int at) {
        if (previous[at] >= 0) {
            next[previous[at]] = next[at];
        } else {
            head = next[at];
        }
        if (next[at] < order.length) {
            previous[next[at]] = previous[at];
        }
    }
}
