package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.CloudSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans a campaign with its strategy and, when that plan is safe, the same cloud with every other strategy
 * (each with its default weights), so that the plan carries the frontier: what each strategy would cost.
 * The other plans are made only for their totals; an infeasible outcome is returned as it is, without them.
 */
public final class StrategyFrontier {

    private final UpgradePlanner planner = new UpgradePlanner();

    public PlanOutcome plan(CloudSnapshot snapshot, UpgradeTarget target, CampaignOptions options) {
        PlanOutcome chosen = planner.plan(snapshot, target, options);
        if (!(chosen instanceof PlanOutcome.Planned planned)) {
            return chosen;
        }
        List<FrontierPoint> points = new ArrayList<>(Strategy.values().length);
        for (Strategy strategy : Strategy.values()) {
            if (strategy == options.strategy()) {
                points.add(new FrontierPoint(strategy, true, true, planned.plan().totals()));
            } else {
                PlanOutcome other = planner.plan(snapshot, target,
                        options.toBuilder().strategy(strategy).weights(ObjectiveWeights.NONE).build());
                points.add(other instanceof PlanOutcome.Planned safe
                        ? new FrontierPoint(strategy, false, true, safe.plan().totals())
                        : new FrontierPoint(strategy, false, false, ((PlanOutcome.Infeasible) other).draft().totals()));
            }
        }
        return new PlanOutcome.Planned(planned.plan().withFrontier(points));
    }
}
