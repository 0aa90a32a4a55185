package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.Vm;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What the same waves would cost without Molt's choices: every VM live-migrated off its host (a cold
 * restart where migration is impossible: special devices, no convergence), or every VM cold-restarted.
 * Each VM counts once, on its host in the snapshot; the evacuation baseline assumes room everywhere, so
 * it is a lower bound for what an evacuation would really move. Per-VM figures are computed on all cores.
 */
final class Baselines {

    private final CloudIndex cloud;
    private final CostModel costs;
    private final CampaignOptions options;
    private final UpgradeTarget target;
    private final int[][] vmsByHost;

    Baselines(CloudIndex cloud, CostModel costs, CampaignOptions options, UpgradeTarget target) {
        this.cloud = cloud;
        this.costs = costs;
        this.options = options;
        this.target = target;
        int[] count = new int[cloud.hosts.length];
        for (int host : cloud.vmHost) {
            count[host]++;
        }
        vmsByHost = new int[cloud.hosts.length][];
        for (int h = 0; h < count.length; h++) {
            vmsByHost[h] = new int[count[h]];
            count[h] = 0;
        }
        for (int v = 0; v < cloud.vms.length; v++) {
            int h = cloud.vmHost[v];
            vmsByHost[h][count[h]++] = v;
        }
    }

    PlanTotals evacuateAll(List<List<Integer>> waves) {
        ActionCost cold = costs.coldRestart(target);
        ActionCost[] perVm = new ActionCost[cloud.vms.length];
        IntStream.range(0, perVm.length).parallel().forEach(v -> perVm[v] = evacuation(cloud.vms[v], cold));
        DowntimeTally tally = new DowntimeTally(cloud.vms.length);
        for (List<Integer> wave : waves) {
            double slowest = 0;
            double waveMigrationSeconds = 0;
            for (int host : wave) {
                double migrationSeconds = 0;
                boolean anyCold = false;
                for (int vm : vmsByHost[host]) {
                    ActionCost cost = perVm[vm];
                    tally.step(vm, cost.action(), cost.downtimeSeconds(), cost.movedMib());
                    migrationSeconds += cost.busySeconds();
                    anyCold |= cost == cold;
                }
                waveMigrationSeconds += migrationSeconds;
                slowest = Math.max(slowest, migrationSeconds / options.maxMigrationsPerHost()
                        + costs.hostFixedSeconds(target, anyCold));
            }
            tally.wave(DowntimeTally.waveDuration(slowest, waveMigrationSeconds, options));
        }
        return tally.totals();
    }

    PlanTotals coldRestartAll(List<List<Integer>> waves) {
        DowntimeTally tally = new DowntimeTally(cloud.vms.length);
        ActionCost cold = costs.coldRestart(target);
        for (List<Integer> wave : waves) {
            double slowest = 0;
            for (int host : wave) {
                boolean anyRunning = false;
                for (int vm : vmsByHost[host]) {
                    boolean running = cloud.vms[vm].state().running();
                    tally.step(vm, Action.COLD_RESTART, running ? cold.downtimeSeconds() : 0, 0);
                    anyRunning |= running;
                }
                slowest = Math.max(slowest, costs.hostFixedSeconds(target, anyRunning));
            }
            tally.wave(slowest);
        }
        return tally.totals();
    }

    private ActionCost evacuation(Vm vm, ActionCost cold) {
        if (!vm.state().running()) {
            return ActionCost.NOT_RUNNING;
        }
        MigrationEstimate estimate = vm.specialDevices() ? null : costs.migration(vm);
        return estimate instanceof MigrationEstimate.Converges converges ? costs.liveMigrate(converges) : cold;
    }
}
