package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.CloudSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinTask;

/**
 * Plans a campaign with its strategy and, when that plan is safe, the same cloud with every other strategy
 * (each with its default weights), so that the plan carries the frontier: what each strategy would cost.
 * The other plans are made only for their totals (no step is built), side by side on the common pool; an
 * infeasible outcome is returned as it is, without them.
 */
public final class StrategyFrontier {

    private final UpgradePlanner planner = new UpgradePlanner();
    private final UpgradePlanner totalsOnly = UpgradePlanner.totalsOnly();

    public PlanOutcome plan(CloudSnapshot snapshot, UpgradeTarget target, CampaignOptions options) {
        PlanOutcome chosen = planner.plan(snapshot, target, options);
        if (!(chosen instanceof PlanOutcome.Planned planned)) {
            return chosen;
        }
        List<ForkJoinTask<FrontierPoint>> others = new ArrayList<>();
        for (Strategy strategy : Strategy.values()) {
            if (strategy != options.strategy()) {
                CampaignOptions theirs = options.toBuilder().strategy(strategy).weights(ObjectiveWeights.NONE).build();
                others.add(ForkJoinTask.adapt(() -> point(strategy, totalsOnly.plan(snapshot, target, theirs))).fork());
            }
        }
        List<FrontierPoint> points = new ArrayList<>(Strategy.values().length);
        int next = 0;
        for (Strategy strategy : Strategy.values()) {
            points.add(strategy == options.strategy() ? new FrontierPoint(strategy, true, true, planned.plan().totals())
                    : others.get(next++).join());
        }
        return new PlanOutcome.Planned(planned.plan().withFrontier(points));
    }

    private static FrontierPoint point(Strategy strategy, PlanOutcome outcome) {
        return outcome instanceof PlanOutcome.Planned safe
                ? new FrontierPoint(strategy, false, true, safe.plan().totals())
                : new FrontierPoint(strategy, false, false, ((PlanOutcome.Infeasible) outcome).draft().totals());
    }
}
