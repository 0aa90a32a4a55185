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
 *       availability zone, per aggregate), shares no hard anti-affinity group with a host already in
 *       the wave (by where the group's members are <em>now</em>, after earlier waves' migrations), and
 *       leaves room for the wave's migrations: the RAM the wave's hosts would rather live-migrate
 *       ({@link #demandNow}) must fit in the free RAM of the zone's destinations that stay up. The limit is a
 *       ceiling, not a target: a host that would take the room its wave's VMs need waits for a later wave
 *       instead of turning their migrations into longer outages;</li>
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
    private final Destinations destinations;
    private final long[] demand;
    private final int[] next;
    private final int[] previous;
    private int head;

    WavePacker(CloudIndex cloud, Placement placement, CampaignOptions options, int[] order,
            Destinations destinations, long[] demand) {
        this.cloud = cloud;
        this.placement = placement;
        this.options = options;
        this.order = order;
        this.destinations = destinations;
        this.demand = demand;
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
        Map<String, long[]> roomPerZone = new HashMap<>(); // {demand of the wave, free RAM it takes away}
        int refusals = 0;
        int refusalLimit = 64 + 4 * options.maxHostsDown();
        for (int at = head; at < order.length && wave.size() < options.maxHostsDown() && refusals <= refusalLimit;
                at = next[at]) {
            int h = order[at];
            Host host = cloud.hosts[h];
            Set<Integer> groups = antiAffinityGroupsOn(h);
            if (!fits(host, groups, perZone, perAggregate, groupsDown)) {
                refusals++;
                continue;
            }
            long need = demandNow(h);
            long taken = freeTakenAway(h);
            long[] room = roomPerZone.computeIfAbsent(host.availabilityZone(), z -> new long[2]);
            if (wave.isEmpty() || room[0] + need <= destinations.freeRamMib(host.availabilityZone()) - room[1] - taken) {
                wave.add(h);
                room[0] += need;
                room[1] += taken;
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

    /**
     * The RAM the host's VMs would rather live-migrate ({@code demand}, from their choices on it) and that of
     * the VMs earlier waves moved onto it, which move again.
     */
    private long demandNow(int h) {
        long ram = demand[h];
        for (int vm : placement.vmsOn(h)) {
            if (cloud.vmHost[vm] != h) {
                ram += cloud.ramMib[vm];
            }
        }
        return ram;
    }

    /** The free RAM a host going down takes from the destinations (none if it is not one). */
    private long freeTakenAway(int h) {
        return destinations.isDestination(h) ? Math.max(0, placement.loads[h].freeRamMib()) : 0;
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
