package io.molt.service.domain.plan;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * The hosts a VM may be live-migrated to, per availability zone, in two tiers: <em>settled</em> hosts
 * (already upgraded, or outside the campaign), where a VM moves once, and <em>pending</em> hosts (to be
 * upgraded in a later wave), used only when no settled host has room. Within a tier the host with the
 * least free RAM that still fits wins (best fit), so large holes stay for large VMs.
 */
final class Destinations {

    /** Where a VM can go, and whether it will have to move again. */
    record Choice(int host, boolean settled) {
    }

    private final Map<String, TreeSet<HostLoad>> settled = new HashMap<>();
    private final Map<String, TreeSet<HostLoad>> pending = new HashMap<>();
    private final Map<Integer, TreeSet<HostLoad>> membership = new HashMap<>();

    void addSettled(String zone, HostLoad load) {
        add(settled, zone, load);
    }

    void addPending(String zone, HostLoad load) {
        add(pending, zone, load);
    }

    /** Takes a host out of both tiers (it is going down, or leaving pending to become settled). */
    void withdraw(HostLoad load) {
        TreeSet<HostLoad> set = membership.remove(load.index);
        if (set != null) {
            set.remove(load);
        }
    }

    /**
     * The best host in this zone for the given demand that also passes {@code acceptable}; null if none.
     * The caller then calls {@link #reserve} with the same demand.
     */
    Choice find(String zone, long vcpus, long ramMib, long diskGib, IntPredicate acceptable) {
        HostLoad host = search(settled.get(zone), vcpus, ramMib, diskGib, acceptable);
        if (host != null) {
            return new Choice(host.index, true);
        }
        host = search(pending.get(zone), vcpus, ramMib, diskGib, acceptable);
        return host == null ? null : new Choice(host.index, false);
    }

    /** Re-sorts a destination after the caller changed its load through {@code change}. */
    void update(HostLoad load, Runnable change) {
        TreeSet<HostLoad> set = membership.get(load.index);
        if (set != null) {
            set.remove(load);
        }
        change.run();
        if (set != null) {
            set.add(load);
        }
    }

    private static HostLoad search(TreeSet<HostLoad> hosts, long vcpus, long ramMib, long diskGib,
            IntPredicate acceptable) {
        if (hosts == null) {
            return null;
        }
        for (HostLoad load : hosts.tailSet(HostLoad.probe(ramMib), true)) {
            if (load.fits(vcpus, ramMib, diskGib) && acceptable.test(load.index)) {
                return load;
            }
        }
        return null;
    }

    private void add(Map<String, TreeSet<HostLoad>> tier, String zone, HostLoad load) {
        withdraw(load);
        TreeSet<HostLoad> set = tier.computeIfAbsent(zone, z -> new TreeSet<>(HostLoad.BY_FREE_RAM));
        set.add(load);
        membership.put(load.index, set);
    }
}
