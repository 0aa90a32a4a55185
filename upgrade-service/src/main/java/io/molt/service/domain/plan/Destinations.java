package io.molt.service.domain.plan;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The hosts a VM may be live-migrated to, per availability zone, in two tiers: <em>settled</em> hosts
 * (already upgraded, or outside the campaign), where a VM moves once, and <em>pending</em> hosts (to be
 * upgraded in a later wave), used only when no settled host has room. Within a tier the host with the
 * most free RAM that fits wins (ties to the higher host index), so that migrations spread over the hosts
 * that may take them by their free capacity and the cloud ends about as evenly loaded as it began
 * (docs/planner.md, rule 5); a migrating host's units go largest first, so large VMs still find room.
 * Packing the least free host first (best fit) sent every VM of a small cloud to one host.
 * <p>
 * Each zone's tier is a sorted {@code long[]} of keys, free RAM in the high bits and the host index in
 * the low {@value #INDEX_BITS}: a search is a binary search and a short walk over adjacent longs, and a
 * host whose free RAM changes shifts only the keys between its old and new place (this runs once per
 * migration, hundreds of thousands of times in a large plan).
 */
final class Destinations {

    /** Where a VM can go, and whether it will have to move again. */
    record Choice(int host, boolean settled) {
    }

    private static final int INDEX_BITS = 24;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    private static final long MAX_FREE_RAM_MIB = 1L << (63 - INDEX_BITS - 1);

    private final HostLoad[] loads;
    private final Map<String, Tier> settled = new HashMap<>();
    private final Map<String, Tier> pending = new HashMap<>();
    /** Per host: the tier it is in, or null. */
    private final Tier[] membership;

    Destinations(HostLoad[] loads) {
        if (loads.length > INDEX_MASK) {
            throw new IllegalArgumentException("at most " + INDEX_MASK + " hosts");
        }
        this.loads = loads;
        this.membership = new Tier[loads.length];
    }

    void addSettled(String zone, HostLoad load) {
        add(settled, zone, load);
    }

    void addPending(String zone, HostLoad load) {
        add(pending, zone, load);
    }

    /** Takes a host out of both tiers (it is going down, or leaving pending to become settled). */
    void withdraw(HostLoad load) {
        Tier tier = membership[load.index];
        if (tier != null) {
            tier.remove(key(load));
            membership[load.index] = null;
        }
    }

    /** The host in this zone with the most free RAM for the demand that also passes {@code acceptable}; null if none. */
    Choice find(String zone, long vcpus, long ramMib, long diskGib, IntPredicate acceptable) {
        int host = search(settled.get(zone), vcpus, ramMib, diskGib, acceptable);
        if (host >= 0) {
            return new Choice(host, true);
        }
        host = search(pending.get(zone), vcpus, ramMib, diskGib, acceptable);
        return host < 0 ? null : new Choice(host, false);
    }

    /** The free RAM of every destination in the zone, settled and pending (0 if none). */
    long freeRamMib(String zone) {
        Tier a = settled.get(zone);
        Tier b = pending.get(zone);
        return (a == null ? 0 : a.freeRamMib) + (b == null ? 0 : b.freeRamMib);
    }

    /** Whether the host is a destination now (up, enabled and not down in a wave). */
    boolean isDestination(int host) {
        return membership[host] != null;
    }

    /** Where a destination stands before the caller changes its load; hand it back to {@link #moved}. */
    long place(HostLoad load) {
        return key(load);
    }

    /** Re-sorts a destination after the caller changed its load, given where it stood before. */
    void moved(HostLoad load, long before) {
        Tier tier = membership[load.index];
        if (tier != null) {
            tier.move(before, key(load));
        }
    }

    private int search(Tier tier, long vcpus, long ramMib, long diskGib, IntPredicate acceptable) {
        if (tier == null) {
            return -1;
        }
        int least = tier.firstAtLeast(clamp(ramMib) << INDEX_BITS);
        for (int at = tier.size - 1; at >= least; at--) {
            int host = (int) (tier.keys[at] & INDEX_MASK);
            if (loads[host].fits(vcpus, ramMib, diskGib) && acceptable.test(host)) {
                return host;
            }
        }
        return -1;
    }

    private void add(Map<String, Tier> tiers, String zone, HostLoad load) {
        withdraw(load);
        Tier tier = tiers.computeIfAbsent(zone, z -> new Tier());
        tier.insert(key(load));
        membership[load.index] = tier;
    }

    /** Free RAM, then host index, in one long that sorts as the pair does. */
    private static long key(HostLoad load) {
        return clamp(load.freeRamMib()) << INDEX_BITS | load.index;
    }

    private static long clamp(long freeRamMib) {
        return Math.max(-MAX_FREE_RAM_MIB, Math.min(MAX_FREE_RAM_MIB, freeRamMib));
    }

    /** One zone's hosts in one tier: keys ascending, and the sum of their free RAM. */
    private static final class Tier {

        long[] keys = new long[16];
        int size;
        long freeRamMib;

        private static long freeOf(long key) {
            return Math.max(0, key >> INDEX_BITS);
        }

        int firstAtLeast(long key) {
            int at = Arrays.binarySearch(keys, 0, size, key);
            return at >= 0 ? at : -at - 1;
        }

        void insert(long key) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
            }
            int at = firstAtLeast(key);
            System.arraycopy(keys, at, keys, at + 1, size - at);
            keys[at] = key;
            size++;
            freeRamMib += freeOf(key);
        }

        void remove(long key) {
            int at = Arrays.binarySearch(keys, 0, size, key);
            System.arraycopy(keys, at + 1, keys, at, size - at - 1);
            size--;
            freeRamMib -= freeOf(key);
        }

        /** Replaces {@code from} by {@code to}, shifting only the keys between their places. */
        void move(long from, long to) {
            freeRamMib += freeOf(to) - freeOf(from);
            int at = Arrays.binarySearch(keys, 0, size, from);
            if (to < from) {
                int target = firstAtLeast(to);
                System.arraycopy(keys, target, keys, target + 1, at - target);
                keys[target] = to;
            } else if (to > from) {
                int target = firstAtLeast(to) - 1;
                System.arraycopy(keys, at + 1, keys, at, target - at);
                keys[target] = to;
            }
        }
    }
}
