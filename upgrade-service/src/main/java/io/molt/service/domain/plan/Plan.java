package io.molt.service.domain.plan;

import java.util.List;

/**
 * A safe plan for a campaign, with the two baselines for comparison.
 *
 * @param target         what the campaign upgrades
 * @param waves          the waves in order
 * @param skippedHosts   hosts in scope that are left out, with the reason
 * @param totals         this plan's figures
 * @param evacuateAll    the same waves if every VM were live-migrated off (cold restart where it cannot)
 * @param coldRestartAll the same waves if every VM were shut down and restarted
 * @param frontier       every strategy's totals on the same cloud ({@link StrategyFrontier}); empty when only
 *                       this plan was made
 */
public record Plan(UpgradeTarget target, List<Wave> waves, List<SkippedHost> skippedHosts, PlanTotals totals,
        PlanTotals evacuateAll, PlanTotals coldRestartAll, List<FrontierPoint> frontier) {

    public Plan {
        waves = List.copyOf(waves);
        skippedHosts = List.copyOf(skippedHosts);
        frontier = List.copyOf(frontier);
    }

    /** A plan without the frontier. */
    public Plan(UpgradeTarget target, List<Wave> waves, List<SkippedHost> skippedHosts, PlanTotals totals,
            PlanTotals evacuateAll, PlanTotals coldRestartAll) {
        this(target, waves, skippedHosts, totals, evacuateAll, coldRestartAll, List.of());
    }

    /** The same plan with every strategy's totals beside it. */
    public Plan withFrontier(List<FrontierPoint> points) {
        return new Plan(target, waves, skippedHosts, totals, evacuateAll, coldRestartAll, points);
    }
}
