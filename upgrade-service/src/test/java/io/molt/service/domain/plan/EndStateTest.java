package io.molt.service.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmPolicy;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * A balanced end state (docs/planner.md, rule 5): migrations go to the host with the most free RAM among
 * those that may take them, so the cloud ends about as evenly loaded as it began. Tolerance: per zone, the
 * share of RAM in use of the most loaded host minus that of the least loaded one ends at most the spread it
 * began with, plus what one host migrates away, plus twice the largest VM that moved, all as shares of the
 * zone's smallest host. One host's migrants: early in a rolling upgrade a single host is upgraded, and a VM
 * moves once, so the next host's VMs all go there. Twice the largest VM: one VM too many on one host, one
 * too few on another. The zone's hosts of its last wave are left out: nothing moves back to them, so what
 * they migrate away leaves them emptier (a rolling upgrade does not move VMs back).
 */
class EndStateTest {

    @Test
    void aRollingEvacuationOfFourHostsAndTwelveServersEndsSpreadNotOnOneHost() {
        TestCloud builder = new TestCloud();
        for (int h = 0; h < 4; h++) {
            builder.host("compute-" + h, TestCloud.PLAIN);
        }
        for (int v = 0; v < 12; v++) {
            builder.vm("server-" + v, "compute-" + v % 4, 4096, VmPolicy.ANY);
        }
        CloudSnapshot cloud = builder.snapshot();
        CampaignOptions liveMigrationOnly = CampaignOptions.builder().allowedActions(EnumSet.of(Action.LIVE_MIGRATE))
                .build();
        Plan plan = ((PlanOutcome.Planned) new UpgradePlanner().plan(cloud, UpgradeTarget.KERNEL, liveMigrationOnly))
                .plan();
        Map<String, Integer> servers = new HashMap<>();
        endPlacement(cloud, plan).values().forEach(host -> servers.merge(host, 1, Integer::sum));
        assertThat(servers.values()).as("servers per host at the end: " + servers).allMatch(count -> count <= 5);
        assertThat(servers).hasSizeGreaterThanOrEqualTo(3);
    }

    @Property(tries = 300)
    void everyZoneEndsAboutAsEvenlyLoadedAsItBegan(@ForAll @IntRange(min = 4, max = 40) int hosts,
            @ForAll @IntRange(min = 2, max = 20) int vmsPerHost, @ForAll @LongRange(min = 1, max = 1000) long seed,
            @ForAll Strategy strategy) {
        CloudSnapshot cloud = SyntheticCloud.generate(new SyntheticCloudSpec(hosts, vmsPerHost, seed, 2, 10, 0.3,
                0.6, 0.0, 0.0, 0.0));
        PlanOutcome outcome = new UpgradePlanner().plan(cloud, UpgradeTarget.KERNEL,
                CampaignOptions.builder().strategy(strategy).build());
        if (!(outcome instanceof PlanOutcome.Planned planned)) {
            return;
        }
        Map<String, Vm> vms = new HashMap<>();
        cloud.vms().forEach(vm -> vms.put(vm.uuid(), vm));
        Map<String, String> zoneOf = new HashMap<>();
        cloud.hosts().forEach(host -> zoneOf.put(host.name(), host.availabilityZone()));
        Map<String, Long> capacity = new HashMap<>();
        Map<String, Long> before = new HashMap<>();
        Map<String, Long> after = new HashMap<>();
        for (Host host : cloud.hosts()) {
            capacity.put(host.name(), host.capacity().ramMib());
            before.put(host.name(), 0L);
            after.put(host.name(), 0L);
        }
        cloud.vms().forEach(vm -> before.merge(vm.host(), vm.flavor().ramMib(), Long::sum));
        Map<String, String> end = endPlacement(cloud, planned.plan());
        end.forEach((uuid, host) -> after.merge(host, vms.get(uuid).flavor().ramMib(), Long::sum));
        long largestMoved = 0;
        long largestHostMove = 0;
        for (Wave wave : planned.plan().waves()) {
            for (HostStep host : wave.hosts()) {
                long moved = 0;
                for (VmStep step : host.vms()) {
                    if (step.action() == Action.LIVE_MIGRATE) {
                        largestMoved = Math.max(largestMoved, vms.get(step.vmUuid()).flavor().ramMib());
                        moved += vms.get(step.vmUuid()).flavor().ramMib();
                    }
                }
                largestHostMove = Math.max(largestHostMove, moved);
            }
        }
        Map<String, Integer> lastWave = new HashMap<>();
        Map<String, Integer> waveOf = new HashMap<>();
        for (Wave wave : planned.plan().waves()) {
            for (HostStep host : wave.hosts()) {
                lastWave.put(host.availabilityZone(), wave.number());
                waveOf.put(host.host(), wave.number());
            }
        }
        for (String host : waveOf.keySet()) {
            if (waveOf.get(host).equals(lastWave.get(zoneOf.get(host)))) {
                after.remove(host);
            }
        }
        for (String zone : new java.util.TreeSet<>(zoneOf.values())) {
            long smallest = capacity.entrySet().stream().filter(e -> zoneOf.get(e.getKey()).equals(zone))
                    .mapToLong(Map.Entry::getValue).min().orElseThrow();
            double began = spread(before, capacity, zoneOf, zone);
            double ended = spread(after, capacity, zoneOf, zone);
            assertThat(ended).as(zone + ": spread of the share of RAM in use at the end against the start (" + began
                    + ")").isLessThanOrEqualTo(began + (largestHostMove + 2.0 * largestMoved) / smallest + 1e-9);
        }
    }

    /** Where each VM that is not deleted runs after the campaign. */
    static Map<String, String> endPlacement(CloudSnapshot cloud, Plan plan) {
        Map<String, String> at = new HashMap<>();
        cloud.vms().forEach(vm -> at.put(vm.uuid(), vm.host()));
        for (Wave wave : plan.waves()) {
            for (HostStep host : wave.hosts()) {
                for (VmStep step : host.vms()) {
                    if (step.action() == Action.LIVE_MIGRATE) {
                        at.put(step.vmUuid(), step.destination());
                    } else if (step.action() == Action.TERMINATE) {
                        at.remove(step.vmUuid());
                    }
                }
            }
        }
        return at;
    }

    private static double spread(Map<String, Long> used, Map<String, Long> capacity, Map<String, String> zoneOf,
            String zone) {
        double most = Double.NEGATIVE_INFINITY;
        double least = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Long> entry : used.entrySet()) {
            if (zoneOf.get(entry.getKey()).equals(zone)) {
                double share = (double) entry.getValue() / capacity.get(entry.getKey());
                most = Math.max(most, share);
                least = Math.min(least, share);
            }
        }
        return most - least;
    }
}
