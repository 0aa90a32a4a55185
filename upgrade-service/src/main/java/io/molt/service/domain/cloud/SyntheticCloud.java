package io.molt.service.domain.cloud;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A seeded, made-up cloud for tests, the benchmark and the CLI: hosts in availability zones and racks
 * (one aggregate per rack), a flavor mix, server groups, owner policies, dirty rates, and preservation
 * capability on a share of hosts. The same spec gives the same cloud. Hosts are sized after their VMs, so
 * each is about {@code fill} full under Nova's default allocation ratios and there is room to migrate.
 */
public final class SyntheticCloud {

    private static final Resources[] FLAVORS = {
        new Resources(1, 2048, 20), new Resources(2, 4096, 40), new Resources(4, 8192, 80),
        new Resources(8, 16384, 160), new Resources(16, 65536, 160)};
    private static final int[] FLAVOR_WEIGHTS = {30, 30, 25, 12, 3};
    /** Hosts with an agent take guests down and bring them back as many at a time as the agent's default. */
    private static final int AGENT_GUESTS_AT_ONCE = 4;
    private static final long[] HOST_RAM_GIB = {256, 384, 512, 768, 1024, 1536, 2048, 3072};

    private final SyntheticCloudSpec spec;
    private final Random random;

    private SyntheticCloud(SyntheticCloudSpec spec) {
        this.spec = spec;
        this.random = new Random(spec.seed());
    }

    public static CloudSnapshot generate(SyntheticCloudSpec spec) {
        return new SyntheticCloud(spec).build();
    }

    private CloudSnapshot build() {
        List<Host> hosts = new ArrayList<>(spec.hosts());
        List<Vm> vms = new ArrayList<>(spec.hosts() * spec.vmsPerHost());
        for (int h = 0; h < spec.hosts(); h++) {
            String name = String.format("compute-%05d", h);
            List<Vm> onHost = new ArrayList<>(spec.vmsPerHost());
            for (int i = 0; i < spec.vmsPerHost(); i++) {
                onHost.add(vm(name, vms.size() + i));
            }
            vms.addAll(onHost);
            hosts.add(host(h, name, onHost));
        }
        SyntheticGroups groups = new SyntheticGroups(random, spec, vms);
        return new CloudSnapshot(Instant.parse("2025-01-01T00:00:00Z"), hosts, groups.members(), groups.groups());
    }

    private Host host(int index, String name, List<Vm> vms) {
        Resources used = Resources.ZERO;
        for (Vm vm : vms) {
            used = used.plus(vm.volumeBacked() ? new Resources(vm.flavor().vcpus(), vm.flavor().ramMib(), 0)
                    : vm.flavor());
        }
        double fill = spec.fill() * (0.9 + 0.2 * random.nextDouble());
        long ramGib = HOST_RAM_GIB[HOST_RAM_GIB.length - 1];
        for (long candidate : HOST_RAM_GIB) {
            if ((candidate * 1024 - 512) * 1.5 * fill >= used.ramMib()) {
                ramGib = candidate;
                break;
            }
        }
        long diskGib = Math.max(2048, (long) Math.ceil(used.diskGib() / fill));
        Resources capacity = new Resources(used.vcpus() > 96 * 16 * fill ? 128 : 96, ramGib * 1024, diskGib);
        String zone = "az-" + (index % spec.zones() + 1);
        String rack = zone + "-rack-" + (index / spec.zones() / spec.hostsPerRack() + 1);
        boolean preserving = random.nextDouble() < spec.preservingShare();
        HostCapabilities capabilities = preserving
                ? new HostCapabilities(true, true, ramGib * 1024 * (1 + random.nextInt(3)) / 4, true, "7.2.0", "9.0.0",
                        random.nextBoolean() ? 1500 : 0, AGENT_GUESTS_AT_ONCE)
                : random.nextDouble() < 0.8
                ? new HostCapabilities(true, false, 0, true, "7.2.0", "9.0.0", 0, AGENT_GUESTS_AT_ONCE)
                : HostCapabilities.NONE;
        boolean enabled = random.nextDouble() >= spec.disabledShare();
        boolean up = random.nextDouble() >= spec.downShare();
        return new Host(name, zone, java.util.Set.of(rack), capacity, used, enabled, up, "7002000", capabilities);
    }

    private Vm vm(String host, int index) {
        Resources flavor = FLAVORS[pick(FLAVOR_WEIGHTS)];
        double roll = random.nextDouble();
        VmState state = roll < 0.95 ? VmState.ACTIVE : roll < 0.97 ? VmState.SHUTOFF : roll < 0.99 ? VmState.PAUSED
                : VmState.ERROR;
        boolean special = random.nextDouble() < 0.01;
        double policyRoll = random.nextDouble();
        VmPolicy policy = policyRoll < 0.80 ? VmPolicy.ANY : policyRoll < 0.88 ? VmPolicy.PRESERVE
                : policyRoll < 0.95 && !special ? VmPolicy.MIGRATE : policyRoll < 0.95 ? VmPolicy.ANY
                : VmPolicy.TERMINATE;
        Double dirty = dirtyRate(policy == VmPolicy.MIGRATE);
        boolean calm = dirty == null || dirty < 1000;
        Long maxDowntime = random.nextDouble() < 0.03 && policy != VmPolicy.PRESERVE && calm && !special
                ? 120_000L : null;
        return new Vm(new UUID(random.nextLong(), random.nextLong()).toString(), "vm-" + index,
                "project-" + random.nextInt(200), host, flavor, state, random.nextBoolean(), special, policy,
                maxDowntime, null, dirty);
    }

    /** Unknown for 40%; mostly calm; 5% dirty faster than a 10 GbE link (never for migrate-only VMs). */
    private Double dirtyRate(boolean mustConverge) {
        double roll = random.nextDouble();
        if (roll < 0.4) {
            return null;
        } else if (roll < 0.82) {
            return 1 + random.nextInt(50) * 1.0;
        } else if (roll < 0.95 || mustConverge) {
            return 50 + random.nextInt(350) * 1.0;
        }
        return 1200 + random.nextInt(1800) * 1.0;
    }

    private int pick(int[] weights) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int roll = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
