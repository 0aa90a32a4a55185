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
 */
public record Plan(UpgradeTarget target, List<Wave> waves, List<SkippedHost> skippedHosts, PlanTotals totals,
        PlanTotals evacuateAll, PlanTotals coldRestartAll) {

    public Plan {
        waves = List.copyOf(waves);
        skippedHosts = List.copyOf(skippedHosts);
    }
}
