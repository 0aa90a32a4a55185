package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.CloudSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinTask;

/**
 * Plans a campaign with its strategy and, when that plan is safe, the same cloud with every other strategy
 * (each with its default weights), so that the plan carries the frontier: what each strategy would cost.
 * The other plans are made only for their totals (no step is built), over the chosen plan's index of the
 * snapshot (indexing 400,000 VMs is a good part of a plan). They are started on the common pool before the
 * chosen plan is made on the caller's thread, and the caller then takes over those no worker has started
 * yet: all cores work on the four plans (on two cores, the common pool has a single worker). An infeasible
 * outcome is returned as it is: the other plans not yet started are cancelled, their results unused.
 */
public final class StrategyFrontier {

    private final UpgradePlanner planner = new UpgradePlanner();
    private final UpgradePlanner totalsOnly = UpgradePlanner.totalsOnly();

    public PlanOutcome plan(CloudSnapshot snapshot, UpgradeTarget target, CampaignOptions options) {
        CloudIndex cloud = new CloudIndex(snapshot);
        Map<Strategy, ForkJoinTask<FrontierPoint>> others = new EnumMap<>(Strategy.class);
        for (Strategy strategy : Strategy.values()) {
            if (strategy != options.strategy()) {
                CampaignOptions theirs = options.toBuilder().strategy(strategy).weights(ObjectiveWeights.NONE).build();
                others.put(strategy, ForkJoinTask.adapt(() -> point(strategy, totalsOnly.plan(cloud, target, theirs)))
                        .fork());
            }
        }
        PlanOutcome chosen;
        try {
            chosen = planner.plan(cloud, target, options);
        } catch (RuntimeException e) {
            others.values().forEach(task -> task.cancel(false));
            throw e;
        }
        if (!(chosen instanceof PlanOutcome.Planned planned)) {
            others.values().forEach(task -> task.cancel(false));
            return chosen;
        }
        List<Strategy> newestFirst = new ArrayList<>(others.keySet());
        Collections.reverse(newestFirst); // the last forked is the one the caller can still take over
        Map<Strategy, FrontierPoint> joined = new EnumMap<>(Strategy.class);
        newestFirst.forEach(strategy -> joined.put(strategy, others.get(strategy).join()));
        List<FrontierPoint> points = new ArrayList<>(Strategy.values().length);
        for (Strategy strategy : Strategy.values()) {
            points.add(strategy == options.strategy() ? new FrontierPoint(strategy, true, true, planned.plan().totals())
                    : joined.get(strategy));
        }
        return new PlanOutcome.Planned(planned.plan().withFrontier(points));
    }

    private static FrontierPoint point(Strategy strategy, PlanOutcome outcome) {
        return outcome instanceof PlanOutcome.Planned safe
                ? new FrontierPoint(strategy, false, true, safe.plan().totals())
                : new FrontierPoint(strategy, false, false, ((PlanOutcome.Infeasible) outcome).draft().totals());
    }
}
