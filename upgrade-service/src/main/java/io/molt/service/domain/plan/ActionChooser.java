package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.HostCapabilities;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ranks the actions a VM may get on a host: those its policy, the campaign options, the host's
 * capabilities and its downtime limit allow, by predicted downtime. Downtimes within the slack of the
 * fastest count as equal, and then the action that moves less data wins (a 1.2 s in-place preservation
 * over a 0.1 s live migration that copies 8 GiB, with the default 1.5 s slack).
 */
final class ActionChooser {

    private static final Map<VmPolicy, String> POLICY_NOTES = Map.of(
            VmPolicy.PRESERVE, "owner's policy preserve: stays on its host",
            VmPolicy.MIGRATE, "owner's policy migrate: live migration only",
            VmPolicy.TERMINATE, "owner's policy terminate: may be deleted",
            VmPolicy.ANY, "owner's policy any");

    private final CostModel costs;
    private final CampaignOptions options;
    private final UpgradeTarget target;
    private final ActionCost preserve;
    private final ActionCost coldRestart;
    private final ActionCost terminate;

    ActionChooser(CostModel costs, CampaignOptions options, UpgradeTarget target) {
        this.costs = costs;
        this.options = options;
        this.target = target;
        this.preserve = target.canPreserveMemory() ? costs.preserve(target) : null;
        this.coldRestart = costs.coldRestart(target);
        this.terminate = costs.terminate();
    }

    VmChoices choices(Vm vm, Host host) {
        if (!vm.state().running()) {
            return new VmChoices(List.of(ActionCost.NOT_RUNNING), List.of());
        }
        List<ActionCost> allowed = new ArrayList<>(5);
        List<String> excluded = new ArrayList<>(2);
        if (vm.policy() != VmPolicy.ANY) {
            excluded.add(POLICY_NOTES.get(vm.policy()));
        }
        consider(vm, Action.PRESERVE, preserveBlocker(vm, host), allowed, excluded, () -> preserve);
        String migrationBlocker = vm.specialDevices() ? "special devices (PCI/vGPU) cannot be migrated" : null;
        MigrationEstimate estimate = null;
        if (migrationBlocker == null && PolicyRules.allows(vm.policy(), Action.LIVE_MIGRATE)
                && options.allowedActions().contains(Action.LIVE_MIGRATE)) {
            estimate = costs.migration(vm);
            if (estimate instanceof MigrationEstimate.DoesNotConverge stuck) {
                migrationBlocker = "does not converge: " + stuck.why();
            }
        }
        MigrationEstimate converging = estimate;
        consider(vm, Action.LIVE_MIGRATE, migrationBlocker, allowed, excluded,
                () -> costs.liveMigrate((MigrationEstimate.Converges) converging));
        consider(vm, Action.SUSPEND_TO_DISK, vm.specialDevices() ? "special devices (PCI/vGPU) cannot be saved" : null,
                allowed, excluded, () -> costs.suspendToDisk(vm, host, target));
        consider(vm, Action.TERMINATE, null, allowed, excluded, () -> terminate);
        consider(vm, Action.COLD_RESTART, null, allowed, excluded, () -> coldRestart);
        return new VmChoices(rank(allowed), excluded);
    }

    /** Why this host cannot preserve this VM in place, or null if it can (budget checked later). */
    private String preserveBlocker(Vm vm, Host host) {
        HostCapabilities caps = host.capabilities();
        if (!target.canPreserveMemory()) {
            return "memory does not survive a " + target;
        } else if (vm.specialDevices()) {
            return "special devices (PCI/vGPU) cannot be saved";
        } else if (!caps.agentOnline()) {
            return "no agent on the host";
        } else if (!caps.fileBackedSharedMemory()) {
            return "host has no file-backed shared guest memory";
        } else if (target.needsPreservedRegion() && !caps.kexecSupported()) {
            return "host cannot kexec";
        } else if (target.needsPreservedRegion() && vm.flavor().ramMib() > caps.preservedMemoryMib()) {
            return "RAM larger than the host's preserved region (" + caps.preservedMemoryMib() + " MiB)";
        }
        return null;
    }

    private void consider(Vm vm, Action action, String blocker, List<ActionCost> allowed, List<String> excluded,
            java.util.function.Supplier<ActionCost> cost) {
        if (!PolicyRules.allows(vm.policy(), action)) {
            return; // the policy rules it out; said once in the reason, not per action
        }
        if (!options.allowedActions().contains(action)) {
            excluded.add(label(action) + ": not allowed in this campaign");
        } else if (blocker != null) {
            excluded.add(label(action) + ": " + blocker);
        } else {
            ActionCost actionCost = cost.get();
            Long limit = downtimeLimitMs(vm);
            if (limit != null && actionCost.downtimeSeconds() * 1000 > limit) {
                excluded.add(label(action) + ": " + Math.round(actionCost.downtimeSeconds() * 1000)
                        + " ms exceeds the limit of " + limit + " ms");
            } else {
                allowed.add(actionCost);
            }
        }
    }

    private Long downtimeLimitMs(Vm vm) {
        Long own = vm.maxDowntimeMs();
        Long campaign = options.maxVmDowntimeMs();
        if (own == null) {
            return campaign;
        }
        return campaign == null ? own : Long.valueOf(Math.min(own, campaign));
    }

    /** Best first: least downtime, but within the slack of the fastest the one moving less data. */
    private List<ActionCost> rank(List<ActionCost> allowed) {
        double slack = options.downtimeSlackMs() / 1000.0;
        List<ActionCost> remaining = new ArrayList<>(allowed);
        List<ActionCost> ranked = new ArrayList<>(allowed.size());
        while (!remaining.isEmpty()) {
            double fastest = Double.MAX_VALUE;
            for (ActionCost cost : remaining) {
                fastest = Math.min(fastest, cost.downtimeSeconds());
            }
            ActionCost pick = null;
            for (ActionCost cost : remaining) {
                if (cost.downtimeSeconds() <= fastest + slack && (pick == null || better(cost, pick))) {
                    pick = cost;
                }
            }
            ranked.add(pick);
            remaining.remove(pick);
        }
        return ranked;
    }

    private static boolean better(ActionCost a, ActionCost b) {
        if (a.movedMib() != b.movedMib()) {
            return a.movedMib() < b.movedMib();
        }
        if (a.downtimeSeconds() != b.downtimeSeconds()) {
            return a.downtimeSeconds() < b.downtimeSeconds();
        }
        return a.action().ordinal() < b.action().ordinal();
    }

    static String label(Action action) {
        return switch (action) {
            case PRESERVE -> "no preservation";
            case LIVE_MIGRATE -> "no live migration";
            case SUSPEND_TO_DISK -> "no suspend to disk";
            case TERMINATE -> "no termination";
            case COLD_RESTART -> "no cold restart";
        };
    }
}
