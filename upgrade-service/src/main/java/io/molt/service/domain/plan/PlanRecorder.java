package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.Host;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns each host's decisions into a {@link HostStep}, groups them into waves, adds up the figures and
 * collects what no plan can meet.
 */
final class PlanRecorder {

    static final int MAX_VIOLATIONS = 100;

    private final CloudIndex cloud;
    private final CostModel costs;
    private final CampaignOptions options;
    private final UpgradeTarget target;
    private final DowntimeTally tally;
    private final List<Wave> waves = new ArrayList<>();
    private final List<Violation> violations = new ArrayList<>();
    private final List<List<Integer>> waveHosts = new ArrayList<>();
    private List<HostStep> currentWave = new ArrayList<>();
    private double currentMigrationSeconds;
    private double currentMovedMib;

    PlanRecorder(CloudIndex cloud, CostModel costs, CampaignOptions options, UpgradeTarget target) {
        this.cloud = cloud;
        this.costs = costs;
        this.options = options;
        this.target = target;
        this.tally = new DowntimeTally(cloud.vms.length);
    }

    void host(int host, List<VmWork> works) {
        Host info = cloud.hosts[host];
        List<VmStep> steps = new ArrayList<>(works.size());
        double migrationSeconds = 0;
        double inPlaceSeconds = 0;
        boolean anyColdRestart = false;
        for (VmWork work : works) {
            ActionCost cost = work.chosen;
            String destination = work.destination < 0 ? null : cloud.hosts[work.destination].name();
            steps.add(new VmStep(cloud.vms[work.vm].uuid(), cost.action(), destination, cost.downtimeSeconds(),
                    cost.movedMib(), work.reason()));
            tally.step(work.vm, cost.action(), cost.downtimeSeconds(), cost.movedMib());
            currentMovedMib += cost.movedMib();
            switch (cost.action()) {
                case LIVE_MIGRATE -> migrationSeconds += cost.busySeconds();
                case PRESERVE, SUSPEND_TO_DISK -> inPlaceSeconds += cost.busySeconds();
                case COLD_RESTART -> anyColdRestart |= cost.downtimeSeconds() > 0;
                case TERMINATE -> { }
            }
            if (cloud.vmHost[work.vm] != host && cost.action() == Action.LIVE_MIGRATE) {
                tally.movedTwice();
            }
            if (work.noActionAllowed) {
                violate(new Violation(info.name(), cloud.vms[work.vm].uuid(), constraintOf(work),
                        "policy " + cloud.vms[work.vm].policy().name().toLowerCase() + "; "
                                + String.join("; ", work.reason().notes())));
            }
        }
        checkAntiAffinity(info, works);
        currentMigrationSeconds += migrationSeconds;
        double duration = migrationSeconds / options.maxMigrationsPerHost() + inPlaceSeconds
                + costs.hostFixedSeconds(target, anyColdRestart);
        currentWave.add(new HostStep(info.name(), info.availabilityZone(), steps, duration));
    }

    void endWave(List<Integer> hosts) {
        double slowest = 0;
        for (HostStep step : currentWave) {
            slowest = Math.max(slowest, step.durationSeconds());
        }
        double duration = DowntimeTally.waveDuration(slowest, currentMigrationSeconds, options);
        waves.add(new Wave(waves.size() + 1, currentWave, duration, currentMovedMib / 1024));
        waveHosts.add(hosts);
        tally.wave(duration);
        currentWave = new ArrayList<>();
        currentMigrationSeconds = 0;
        currentMovedMib = 0;
    }

    List<Violation> violations() {
        return violations;
    }

    Plan plan(List<SkippedHost> skipped) {
        Baselines baselines = new Baselines(cloud, costs, options, target);
        return new Plan(target, waves, skipped, tally.totals(), baselines.evacuateAll(waveHosts),
                baselines.coldRestartAll(waveHosts));
    }

    /** Two members of one hard anti-affinity group down together on this host: no wave order can fix it. */
    private void checkAntiAffinity(Host host, List<VmWork> works) {
        Map<Integer, String> downMember = new HashMap<>();
        for (VmWork work : works) {
            if (!cloud.antiAffine(work.vm) || work.chosen.action().keepsVmAvailable()
                    || work.chosen == ActionCost.NOT_RUNNING) {
                continue;
            }
            String uuid = cloud.vms[work.vm].uuid();
            String other = downMember.putIfAbsent(cloud.vmGroup[work.vm], uuid);
            if (other != null) {
                violate(new Violation(host.name(), uuid, "anti-affinity", "VMs " + other + " and " + uuid
                        + " of server group " + cloud.groups[cloud.vmGroup[work.vm]].id()
                        + " are both on this host and neither can be live-migrated away"));
            }
        }
    }

    private static String constraintOf(VmWork work) {
        List<String> notes = work.reason().notes();
        if (notes.stream().anyMatch(note -> note.contains("has room"))) {
            return "capacity";
        }
        if (notes.stream().anyMatch(note -> note.contains("exceeds the limit"))) {
            return "max-downtime";
        }
        if (notes.stream().anyMatch(note -> note.contains("affinity group"))) {
            return "affinity";
        }
        return "vm-policy";
    }

    private void violate(Violation violation) {
        if (violations.size() < MAX_VIOLATIONS) {
            violations.add(violation);
        }
    }
}
