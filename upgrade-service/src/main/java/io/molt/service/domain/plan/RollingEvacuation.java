package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The evacuate-all baseline as an operator could really run it inside the same cloud: the plan's waves in
 * turn, every running VM on a host going down live-migrated off it, through the same destinations as the
 * plan ({@link Destinations}: same zone, room under the allocation ratios, never next to an anti-affinity
 * peer, hosts already rolled first). A VM that had to go to a host rolled later moves again when that host's
 * wave comes; a VM with nowhere to go, or that may not migrate, is shut down and started again after the
 * upgrade (cold restart). A hard affinity group's members on a host move together to one host.
 * <ol>
 *   <li>Start from the snapshot's placement: hosts outside the waves are settled destinations, hosts in
 *       them pending ones (up and enabled only).</li>
 *   <li>Per wave: take its hosts out of the destinations; for each of its hosts, its VMs now (its own and
 *       those moved there earlier) in units, largest first, each to the destination with the most free RAM;
 *       then the wave's hosts become settled destinations.</li>
 * </ol>
 */
final class RollingEvacuation {

    private final CloudIndex cloud;
    private final CostModel costs;
    private final CampaignOptions options;
    private final UpgradeTarget target;
    private final ActionCost[] perVm;
    private final ActionCost cold;
    private final Placement placement;
    private final Destinations destinations;
    private final DowntimeTally tally;
    /** Whether the host being evacuated restarts a VM (its outage then includes the guests' boot). */
    private boolean anyColdRestart;

    RollingEvacuation(CloudIndex cloud, CostModel costs, CampaignOptions options, UpgradeTarget target,
            ActionCost[] perVm, ActionCost cold) {
        this.cloud = cloud;
        this.costs = costs;
        this.options = options;
        this.target = target;
        this.perVm = perVm;
        this.cold = cold;
        this.placement = new Placement(cloud, options.ratios());
        this.destinations = new Destinations(placement.loads);
        this.tally = new DowntimeTally(cloud.vms.length);
    }

    PlanTotals run(List<List<Integer>> waves) {
        boolean[] rolled = new boolean[cloud.hosts.length];
        waves.forEach(wave -> wave.forEach(host -> rolled[host] = true));
        for (int h = 0; h < cloud.hosts.length; h++) {
            Host host = cloud.hosts[h];
            if (host.up() && host.enabled()) {
                if (rolled[h]) {
                    destinations.addPending(host.availabilityZone(), placement.loads[h]);
                } else {
                    destinations.addSettled(host.availabilityZone(), placement.loads[h]);
                }
            }
        }
        for (List<Integer> wave : waves) {
            for (int host : wave) {
                destinations.withdraw(placement.loads[host]);
            }
            double slowest = 0;
            double waveMigrationSeconds = 0;
            for (int host : wave) {
                double migrationSeconds = evacuate(host);
                waveMigrationSeconds += migrationSeconds;
                slowest = Math.max(slowest, migrationSeconds / options.maxMigrationsPerHost()
                        + costs.hostFixedSeconds(target, anyColdRestart, cloud.hosts[host]));
            }
            tally.wave(DowntimeTally.waveDuration(slowest, waveMigrationSeconds, options));
            for (int host : wave) {
                Host info = cloud.hosts[host];
                if (info.enabled()) {
                    destinations.addSettled(info.availabilityZone(), placement.loads[host]);
                }
            }
        }
        return tally.totals();
    }

    /** Moves or restarts every VM on the host now; returns the seconds its migrations take one at a time. */
    private double evacuate(int host) {
        anyColdRestart = false;
        double migrationSeconds = 0;
        List<int[]> units = new ArrayList<>();
        List<Integer> grouped = new ArrayList<>();
        for (int vm : placement.vmsOn(host)) {
            ActionCost cost = perVm[vm];
            if (cost == ActionCost.NOT_RUNNING) {
                tally.notRunning();
            } else if (cost.action() != Action.LIVE_MIGRATE) {
                restart(vm);
            } else if (!cloud.affine(vm)) {
                units.add(new int[] {vm});
            } else if (!grouped.contains(vm)) {
                int[] members = membersOn(host, vm);
                for (int member : members) {
                    grouped.add(member);
                }
                units.add(members);
            }
        }
        units.sort((a, b) -> Long.compare(ramOf(b), ramOf(a)));
        for (int[] unit : units) {
            Destinations.Choice choice = destinationOf(host, unit);
            for (int vm : unit) {
                if (choice == null) {
                    restart(vm);
                    continue;
                }
                ActionCost cost = perVm[vm];
                tally.step(vm, cost.action(), cost.downtimeSeconds(), cost.movedMib());
                if (cloud.vmHost[vm] != host) {
                    tally.movedTwice();
                }
                migrationSeconds += cost.busySeconds();
            }
            if (choice != null) {
                HostLoad load = placement.loads[choice.host()];
                long before = destinations.place(load);
                for (int vm : unit) {
                    placement.move(vm, choice.host());
                }
                destinations.moved(load, before);
            }
        }
        return migrationSeconds;
    }

    private void restart(int vm) {
        tally.step(vm, Action.COLD_RESTART, cold.downtimeSeconds(), 0);
        anyColdRestart = true;
    }

    private Destinations.Choice destinationOf(int host, int[] unit) {
        long vcpus = 0;
        long disk = 0;
        for (int vm : unit) {
            vcpus += cloud.vcpus[vm];
            disk += cloud.localDiskGib[vm];
        }
        IntPredicate acceptable = candidate -> {
            for (int vm : unit) {
                if (placement.holdsGroupPeer(candidate, vm)) {
                    return false;
                }
            }
            return true;
        };
        return destinations.find(cloud.hosts[host].availabilityZone(), vcpus, ramOf(unit), disk, acceptable);
    }

    /** The running members of this VM's hard affinity group on the host that migrate (with it, first). */
    private int[] membersOn(int host, int vm) {
        List<Integer> members = new ArrayList<>();
        for (int other : placement.vmsOn(host)) {
            if (cloud.vmGroup[other] == cloud.vmGroup[vm] && perVm[other] != ActionCost.NOT_RUNNING
                    && perVm[other].action() == Action.LIVE_MIGRATE) {
                members.add(other);
            }
        }
        return members.stream().mapToInt(Integer::intValue).toArray();
    }

    private long ramOf(int[] unit) {
        long ram = 0;
        for (int vm : unit) {
            ram += cloud.ramMib[vm];
        }
        return ram;
    }
}
