package io.molt.service.domain.cloud;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link SyntheticCloud} generates.
 *
 * @param hosts           number of compute hosts
 * @param vmsPerHost      VMs on each host
 * @param seed            random seed: the same spec gives the same cloud
 * @param zones           availability zones (hosts spread round-robin)
 * @param hostsPerRack    hosts per rack; each rack is a host aggregate
 * @param preservingShare share of hosts that can preserve VMs in place (file-backed memory, pmem, kexec)
 * @param fill            how full hosts are in RAM under the allocation ratios (about; jittered +-10%)
 * @param groupedShare    share of VMs in hard server groups (two thirds anti-affinity, one third affinity)
 * @param disabledShare   share of hosts whose nova-compute service is disabled
 * @param downShare       share of hosts whose nova-compute is down
 */
public record SyntheticCloudSpec(int hosts, int vmsPerHost, long seed, int zones, int hostsPerRack,
        double preservingShare, double fill, double groupedShare, double disabledShare, double downShare) {

    public SyntheticCloudSpec {
        if (hosts < 1 || vmsPerHost < 0 || zones < 1 || hostsPerRack < 1) {
            throw new IllegalArgumentException("hosts, zones and hosts-per-rack must be at least 1, vms-per-host >= 0");
        }
        for (double share : new double[] {preservingShare, groupedShare, disabledShare, downShare}) {
            if (share < 0 || share > 1) {
                throw new IllegalArgumentException("shares must be between 0 and 1");
            }
        }
        if (fill <= 0 || fill > 1) {
            throw new IllegalArgumentException("fill must be in (0, 1]");
        }
    }

    /** Defaults for a cloud of this size: zones of about 50 hosts (1 to 8), racks of 20. */
    public static SyntheticCloudSpec of(int hosts, int vmsPerHost, long seed) {
        return new SyntheticCloudSpec(hosts, vmsPerHost, seed, Math.max(1, Math.min(8, hosts / 50)), 20, 0.5, 0.75,
                0.03, 0.01, 0.005);
    }

    /**
     * Parses {@code hosts=200,vms-per-host=20,seed=7}; optional keys: zones, hosts-per-rack,
     * preserving-share, fill, grouped-share, disabled-share, down-share.
     */
    public static SyntheticCloudSpec parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length != 2 || pair[0].isBlank()) {
                throw new IllegalArgumentException("expected key=value, got '" + part + "'");
            }
            values.put(pair[0].trim().toLowerCase(Locale.ROOT), pair[1].trim());
        }
        SyntheticCloudSpec base = of(integer(values, "hosts", 200), integer(values, "vms-per-host", 20),
                seed(values));
        SyntheticCloudSpec spec = new SyntheticCloudSpec(base.hosts(), base.vmsPerHost(), base.seed(),
                integer(values, "zones", base.zones()), integer(values, "hosts-per-rack", base.hostsPerRack()),
                decimal(values, "preserving-share", base.preservingShare()), decimal(values, "fill", base.fill()),
                decimal(values, "grouped-share", base.groupedShare()),
                decimal(values, "disabled-share", base.disabledShare()), decimal(values, "down-share", base.downShare()));
        values.keySet().removeAll(java.util.Set.of("hosts", "vms-per-host", "seed", "zones", "hosts-per-rack",
                "preserving-share", "fill", "grouped-share", "disabled-share", "down-share"));
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown generator keys: " + values.keySet());
        }
        return spec;
    }

    private static int integer(Map<String, String> values, String key, int fallback) {
        try {
            return values.containsKey(key) ? Integer.parseInt(values.get(key)) : fallback;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + values.get(key) + "'");
        }
    }

    private static long seed(Map<String, String> values) {
        String key = "seed";
        try {
            return values.containsKey(key) ? Long.parseLong(values.get(key)) : 1;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + values.get(key) + "'");
        }
    }

    private static double decimal(Map<String, String> values, String key, double fallback) {
        try {
            return values.containsKey(key) ? Double.parseDouble(values.get(key)) : fallback;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, not '" + values.get(key) + "'");
        }
    }
}
