package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.Host;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinTask;

/**
 * Turns each host's decisions into a {@link HostStep}, groups them into waves, adds up the figures and
 * collects what no plan can meet. The figures are added up as the hosts come, in plan order; the output
 * objects (a {@link VmStep} with its {@link Reason} per VM) are built one wave at a time on the common
 * pool while the planner goes on with the next waves. The decisions are not changed after they are
 * recorded, so the builders read them safely.
 */
final class PlanRecorder {

    static final int MAX_VIOLATIONS = 100;

    private final CloudIndex cloud;
    private final CostModel costs;
    private final CampaignOptions options;
    private final UpgradeTarget target;
    private final DowntimeTally tally;
    private final List<ForkJoinTask<Wave>> waves = new ArrayList<>();
    private final List<Violation> violations = new ArrayList<>();
    private final List<List<Integer>> waveHosts = new ArrayList<>();
    private List<RecordedHost> currentWave = new ArrayList<>();
    private double currentMigrationSeconds;
    private double currentMovedMib;

    /** One host's decisions and how long its step takes, until its wave's output is built. */
    private record RecordedHost(int host, List<VmWork> works, double durationSeconds) {
    }

    /** Whether to build each wave's steps; without, the plan has its totals and baselines but no waves. */
    private final boolean withSteps;

    PlanRecorder(CloudIndex cloud, CostModel costs, CampaignOptions options, UpgradeTarget target, boolean withSteps) {
        this.withSteps = withSteps;
        this.cloud = cloud;
        this.costs = costs;
        this.options = options;
        this.target = target;
        this.tally = new DowntimeTally(cloud.vms.length);
    }

    void host(int host, List<VmWork> works) {
        Host info = cloud.hosts[host];
        double migrationSeconds = 0;
        for (VmWork work : works) {
            ActionCost cost = work.chosen;
            if (cost != ActionCost.NOT_RUNNING) {
                tally.step(work.vm, cost.action(), work.downtimeSeconds(), cost.movedMib());
            } else {
                tally.notRunning();
            }
            currentMovedMib += cost.movedMib();
            if (cost.action() == Action.LIVE_MIGRATE) {
                migrationSeconds += cost.busySeconds();
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
        double duration = new HostSchedule(costs, options.maxMigrationsPerHost(), target).seconds(info, works)
                + costs.hostFixedSeconds(target, false, info);
        currentWave.add(new RecordedHost(host, works, duration));
    }

    void endWave(List<Integer> hosts) {
        double slowest = 0;
        for (RecordedHost recorded : currentWave) {
            slowest = Math.max(slowest, recorded.durationSeconds());
        }
        double duration = DowntimeTally.waveDuration(slowest, currentMigrationSeconds, options);
        int number = waves.size() + 1;
        List<RecordedHost> recorded = currentWave;
        double movedGib = currentMovedMib / 1024;
        if (withSteps) {
            waves.add(ForkJoinTask.adapt(() -> wave(number, recorded, duration, movedGib)).fork());
        }
        waveHosts.add(hosts);
        tally.wave(duration);
        currentWave = new ArrayList<>();
        currentMigrationSeconds = 0;
        currentMovedMib = 0;
    }

    List<Violation> violations() {
        return violations;
    }

    /** The plan, with its baselines over the same waves; the three sets of totals are added up side by side. */
    Plan plan(List<SkippedHost> skipped, Baselines baselines) {
        ForkJoinTask<PlanTotals> evacuateAll = ForkJoinTask.adapt(() -> baselines.evacuateAll(waveHosts)).fork();
        ForkJoinTask<PlanTotals> coldRestartAll = ForkJoinTask.adapt(() -> baselines.coldRestartAll(waveHosts)).fork();
        PlanTotals totals = tally.totals();
        List<Wave> built = new ArrayList<>(waves.size());
        for (ForkJoinTask<Wave> wave : waves) {
            built.add(wave.join());
        }
        return new Plan(target, built, skipped, totals, evacuateAll.join(), coldRestartAll.join());
    }

    /** A wave's output: one {@link HostStep} per host, one {@link VmStep} per VM on it. */
    private Wave wave(int number, List<RecordedHost> hosts, double durationSeconds, double movedGib) {
        List<HostStep> steps = new ArrayList<>(hosts.size());
        for (RecordedHost recorded : hosts) {
            Host info = cloud.hosts[recorded.host()];
            List<VmStep> vms = new ArrayList<>(recorded.works().size());
            for (VmWork work : recorded.works()) {
                ActionCost cost = work.chosen;
                String destination = work.destination < 0 ? null : cloud.hosts[work.destination].name();
                vms.add(new VmStep(cloud.vms[work.vm].uuid(), cost.action(), destination,
                        work.downtimeSeconds(), cost.movedMib(), work.reason()));
            }
            steps.add(new HostStep(info.name(), info.availabilityZone(), vms, recorded.durationSeconds()));
        }
        return new Wave(number, steps, durationSeconds, movedGib);
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
