package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.HostCapabilities;
import io.molt.service.domain.cloud.MeasuredKexec;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Ranks the actions a VM may get on a host: those its policy, the campaign options, the host's
 * capabilities and its downtime limit allow. {@link Strategy#LEAST_DOWNTIME} ranks by predicted downtime,
 * downtimes within the slack of the fastest counting as equal and then the action moving less data
 * winning. The other strategies rank by the campaign cost ({@link ObjectiveCost}); {@link Strategy#BALANCED}
 * also never puts an in-place action that keeps the host busier than the VM's live migration before it, so
 * that no host step is longer than its evacuation. A VM that sets no limit gets the campaign's default one:
 * actions over it come after those within it, by downtime (ADR 0009).
 */
final class ActionChooser {

    private static final Map<VmPolicy, String> POLICY_NOTES = Map.of(
            VmPolicy.PRESERVE, "owner's policy preserve: stays on its host",
            VmPolicy.MIGRATE, "owner's policy migrate: live migration only",
            VmPolicy.TERMINATE, "owner's policy terminate: may be deleted",
            VmPolicy.ANY, "owner's policy any");

    private static final VmChoices NOT_RUNNING = new VmChoices(List.of(ActionCost.NOT_RUNNING), List.of());
    private static final Action[] ACTIONS = Action.values();

    private final CostModel costs;
    private final CampaignOptions options;
    private final UpgradeTarget target;
    private final ActionCost preserve;
    private final ActionCost coldRestart;
    private final ActionCost terminate;
    /** Per action: whether the campaign allows it at all. */
    private final boolean[] campaignAllows = new boolean[ACTIONS.length];
    /** Per action: the note when the campaign does not allow it. */
    private final String[] notInCampaign = new String[ACTIONS.length];
    private final String memoryLost;
    private final ObjectiveCost objective;

    ActionChooser(CostModel costs, CampaignOptions options, UpgradeTarget target) {
        this.costs = costs;
        this.options = options;
        this.target = target;
        this.preserve = target.canPreserveMemory() ? costs.preserve(target) : null;
        this.coldRestart = costs.coldRestart(target);
        this.terminate = costs.terminate();
        for (Action action : ACTIONS) {
            campaignAllows[action.ordinal()] = options.allowedActions().contains(action);
            notInCampaign[action.ordinal()] = label(action) + ": not allowed in this campaign";
        }
        this.memoryLost = label(Action.PRESERVE) + ": memory does not survive a " + target;
        ObjectiveWeights weights = options.effectiveWeights();
        this.objective = weights == null ? null : new ObjectiveCost(weights, costs.parameters(),
                options.maxMigrationsPerHost(), options.strategy() == Strategy.BALANCED);
    }

    /**
     * The VM's allowed actions, best first, and one note per action ruled out (the owner's policy is said
     * once). Called once per VM, so it builds no lambdas and formats only what a note must say.
     */
    VmChoices choices(Vm vm, Host host) {
        if (!vm.state().running()) {
            return NOT_RUNNING;
        }
        Offers offers = new Offers(vm.policy(), downtimeLimitMs(vm));
        if (vm.policy() != VmPolicy.ANY) {
            offers.note(POLICY_NOTES.get(vm.policy()));
        }
        MeasuredKexec measured = CostModel.measured(target, host);
        if (measured != null) {
            offers.note(measured.describe()); // where the in-place actions' figures come from
        }
        if (offers.considers(Action.PRESERVE)) {
            String blocker = preserveBlocker(vm, host);
            offers.offer(Action.PRESERVE, blocker, blocker != null ? null
                    : measured != null ? costs.preserve(target, host) : preserve);
        }
        if (offers.considers(Action.LIVE_MIGRATE)) {
            MigrationEstimate estimate = vm.specialDevices() ? null : costs.migration(vm);
            if (estimate == null) {
                offers.offer(Action.LIVE_MIGRATE, "no live migration: special devices (PCI/vGPU) cannot be migrated",
                        null);
            } else if (estimate instanceof MigrationEstimate.DoesNotConverge stuck) {
                offers.offer(Action.LIVE_MIGRATE, "no live migration: does not converge: " + stuck.why(), null);
            } else {
                offers.offer(Action.LIVE_MIGRATE, null, costs.liveMigrate((MigrationEstimate.Converges) estimate));
            }
        }
        if (offers.considers(Action.SUSPEND_TO_DISK)) {
            offers.offer(Action.SUSPEND_TO_DISK, vm.specialDevices()
                    ? "no suspend to disk: special devices (PCI/vGPU) cannot be saved" : null,
                    vm.specialDevices() ? null : costs.suspendToDisk(vm, host, target));
        }
        if (offers.considers(Action.TERMINATE)) {
            offers.offer(Action.TERMINATE, null, terminate);
        }
        if (offers.considers(Action.COLD_RESTART)) {
            offers.offer(Action.COLD_RESTART, null, measured != null ? costs.coldRestart(target, host) : coldRestart);
        }
        Long soft = vm.maxDowntimeMs() == null ? options.defaultVmDowntimeMs() : null;
        return rankWithin(offers, soft);
    }

    /** The note on why this host cannot preserve this VM in place, or null if it can (budget checked later). */
    private String preserveBlocker(Vm vm, Host host) {
        HostCapabilities caps = host.capabilities();
        if (!target.canPreserveMemory()) {
            return memoryLost;
        } else if (vm.specialDevices()) {
            return "no preservation: special devices (PCI/vGPU) cannot be saved";
        } else if (!caps.agentOnline()) {
            return "no preservation: no agent on the host";
        } else if (!caps.fileBackedSharedMemory()) {
            return "no preservation: host has no file-backed shared guest memory";
        } else if (target.needsPreservedRegion() && !caps.kexecSupported()) {
            return "no preservation: host cannot kexec";
        } else if (target.needsPreservedRegion() && vm.flavor().ramMib() > caps.preservedMemoryMib()) {
            return "no preservation: RAM larger than the host's preserved region (" + caps.preservedMemoryMib()
                    + " MiB)";
        }
        return null;
    }

    /** The actions offered to one VM so far and the notes on those ruled out, in the order considered. */
    private final class Offers {

        final VmPolicy policy;
        final Long limitMs;
        final ActionCost[] allowed = new ActionCost[ACTIONS.length];
        int count;
        private String[] notes;
        private int noteCount;

        Offers(VmPolicy policy, Long limitMs) {
            this.policy = policy;
            this.limitMs = limitMs;
        }

        /** Whether to weigh this action: the policy allows it (else nothing is said) and so does the campaign. */
        boolean considers(Action action) {
            if (!PolicyRules.allows(policy, action)) {
                return false; // the policy rules it out; said once in the reason, not per action
            }
            if (!campaignAllows[action.ordinal()]) {
                note(notInCampaign[action.ordinal()]);
                return false;
            }
            return true;
        }

        /** Offers the action at this cost, unless a blocker (a whole note) or the downtime limit rules it out. */
        void offer(Action action, String blocker, ActionCost cost) {
            if (blocker != null) {
                note(blocker);
            } else if (limitMs != null && cost.downtimeSeconds() * 1000 > limitMs) {
                note(label(action) + ": " + Math.round(cost.downtimeSeconds() * 1000) + " ms exceeds the limit of "
                        + limitMs + " ms");
            } else {
                allowed[count++] = cost;
            }
        }

        void note(String note) {
            if (notes == null) {
                notes = new String[ACTIONS.length + 1];
            }
            notes[noteCount++] = note;
        }

        List<String> notes() {
            return noteCount == 0 ? List.of() : List.of(Arrays.copyOf(notes, noteCount));
        }
    }

    /** The VM's downtime limit: its own or the campaign's, whichever is lower; null if neither is set. */
    Long downtimeLimitMs(Vm vm) {
        Long own = vm.maxDowntimeMs();
        Long campaign = options.maxVmDowntimeMs();
        if (own == null) {
            return campaign;
        }
        return campaign == null ? own : Long.valueOf(Math.min(own, campaign));
    }

    /**
     * The offers ranked within the VM's soft (default) limit first, by the strategy, then those over it by
     * downtime; the reason's limit is the tighter of the hard and the soft one.
     */
    private VmChoices rankWithin(Offers offers, Long softLimitMs) {
        ActionCost[] within = new ActionCost[offers.count];
        ActionCost[] over = new ActionCost[offers.count];
        int inside = 0;
        int outside = 0;
        for (int i = 0; i < offers.count; i++) {
            ActionCost cost = offers.allowed[i];
            if (softLimitMs != null && cost.downtimeSeconds() * 1000 > softLimitMs) {
                over[outside++] = cost;
            } else {
                within[inside++] = cost;
            }
        }
        Reason.Figure decidedBy = null;
        List<ActionCost> ranked;
        if (objective == null) {
            ranked = rankByDowntime(within, inside);
        } else {
            ObjectiveCost.Ranking ranking = objective.rank(Arrays.copyOf(within, inside));
            ranked = ranking.ranked();
            decidedBy = ranking.decidedBy();
        }
        if (outside > 0) {
            List<ActionCost> all = new ArrayList<>(offers.count);
            all.addAll(ranked);
            all.addAll(rankByDowntime(over, outside));
            ranked = all;
            if (inside == 0) {
                offers.note("every allowed action exceeds the campaign's default limit of " + softLimitMs
                        + " ms for VMs that set none: the least downtime is chosen");
            }
        }
        Long limit = offers.limitMs;
        if (softLimitMs != null && inside > 0) {
            limit = limit == null ? softLimitMs : Long.valueOf(Math.min(limit, softLimitMs));
        }
        return new VmChoices(ranked, offers.notes(), decidedBy, limit);
    }

    /** The soft limit of a VM that sets none: the campaign's default, or null. */
    Long defaultLimitMs(Vm vm) {
        return vm.maxDowntimeMs() == null ? options.defaultVmDowntimeMs() : null;
    }

    /** Best first: least downtime, but within the slack of the fastest the one moving less data. */
    private List<ActionCost> rankByDowntime(ActionCost[] allowed, int count) {
        double slack = options.downtimeSlackMs() / 1000.0;
        ActionCost[] remaining = Arrays.copyOf(allowed, count);
        ActionCost[] ranked = new ActionCost[count];
        for (int n = 0; n < count; n++) {
            double fastest = Double.MAX_VALUE;
            for (ActionCost cost : remaining) {
                if (cost != null) {
                    fastest = Math.min(fastest, cost.downtimeSeconds());
                }
            }
            int pick = -1;
            for (int i = 0; i < count; i++) {
                ActionCost cost = remaining[i];
                if (cost != null && cost.downtimeSeconds() <= fastest + slack
                        && (pick < 0 || better(cost, remaining[pick]))) {
                    pick = i;
                }
            }
            ranked[n] = remaining[pick];
            remaining[pick] = null;
        }
        return List.of(ranked);
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
