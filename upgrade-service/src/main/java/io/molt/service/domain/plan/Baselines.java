package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.Vm;
import java.util.List;

/**
 * What the same waves would cost without Molt's choices, as an operator would run them with Nova alone:
 * <ul>
 *   <li><em>evacuate-all</em>: every running VM live-migrated off its host where that is allowed and
 *       possible, else shut down and started again after the upgrade (cold restart). Allowed: the owner's
 *       policy permits migration ({@code preserve} keeps the VM on its host, so it is restarted) and the
 *       campaign allows live migration. Possible: no special devices and the pre-copy model converges.
 *       A hard affinity group's members on one host migrate together or not at all, as in Molt's plan: if
 *       one of them cannot (or is not running, and so stays), the others are restarted too;</li>
 *   <li><em>cold-restart-all</em>: every running VM shut down and started again.</li>
 * </ul>
 * VMs that are not running lose nothing and are counted apart. Per-VM downtime limits do not change the
 * baselines: with only a migration and a cold restart to choose from, the migration is the shorter pause
 * whenever it is possible, so a limit could only turn a VM into a violation, not into another action; the
 * baselines report the predicted downtime as it is. The evacuation is rolled over the plan's waves inside
 * the same cloud ({@link RollingEvacuation}): a VM moved to a host rolled later moves again, and one with
 * nowhere to go is restarted. Each VM's evacuation is decided with the planner's own per-VM choices, on
 * all cores ({@link #prepare}).
 */
final class Baselines {

    private final CloudIndex cloud;
    private final CostModel costs;
    private final CampaignOptions options;
    private final UpgradeTarget target;
    private final ActionCost cold;
    /** Per VM on a host to plan: its action and cost in the evacuation, or {@link ActionCost#NOT_RUNNING}. */
    private final ActionCost[] perVm;

    Baselines(CloudIndex cloud, CostModel costs, CampaignOptions options, UpgradeTarget target) {
        this.cloud = cloud;
        this.costs = costs;
        this.options = options;
        this.target = target;
        this.cold = costs.coldRestart(target);
        this.perVm = new ActionCost[cloud.vms.length];
    }

    /**
     * Decides the evacuation of each VM on this host. Called once for every host to plan, from any thread
     * (each call writes only its own host's VMs), while the planner reads the same VMs for its own choices.
     */
    void prepare(int host) {
        for (int v : cloud.hostVms[host]) {
            perVm[v] = evacuation(cloud.vms[v]);
        }
        keepAffinityGroupsTogether(cloud.hostVms[host]);
    }

    /** The evacuation rolled over the same waves, room and second moves included ({@link RollingEvacuation}). */
    PlanTotals evacuateAll(List<List<Integer>> waves) {
        return new RollingEvacuation(cloud, costs, options, target, perVm, cold).run(waves);
    }

    PlanTotals coldRestartAll(List<List<Integer>> waves) {
        DowntimeTally tally = new DowntimeTally(cloud.vms.length);
        for (List<Integer> wave : waves) {
            double slowest = 0;
            for (int host : wave) {
                boolean anyRunning = false;
                ActionCost hostCold = CostModel.measured(target, cloud.hosts[host]) == null ? cold
                        : costs.coldRestart(target, cloud.hosts[host]);
                for (int vm : cloud.hostVms[host]) {
                    if (perVm[vm] != ActionCost.NOT_RUNNING) {
                        tally.step(vm, Action.COLD_RESTART, hostCold.downtimeSeconds(), 0);
                        anyRunning = true;
                    } else {
                        tally.notRunning();
                    }
                }
                slowest = Math.max(slowest, costs.hostFixedSeconds(target, anyRunning, cloud.hosts[host]));
            }
            tally.wave(slowest);
        }
        return tally.totals();
    }

    /** A hard affinity group's members on one host migrate together or not at all (restarted in place). */
    private void keepAffinityGroupsTogether(int[] vms) {
        for (int v : vms) {
            if (cloud.affine(v) && perVm[v].action() != Action.LIVE_MIGRATE) {
                for (int member : vms) {
                    if (cloud.vmGroup[member] == cloud.vmGroup[v] && perVm[member].action() == Action.LIVE_MIGRATE) {
                        perVm[member] = cold;
                    }
                }
            }
        }
    }

    private ActionCost evacuation(Vm vm) {
        if (!vm.state().running()) {
            return ActionCost.NOT_RUNNING;
        }
        if (vm.specialDevices() || !PolicyRules.allows(vm.policy(), Action.LIVE_MIGRATE)
                || !options.allowedActions().contains(Action.LIVE_MIGRATE)) {
            return cold;
        }
        return costs.migration(vm) instanceof MigrationEstimate.Converges converges ? costs.liveMigrate(converges)
                : cold;
    }
}
