package io.molt.service.domain.plan;

/**
 * What one strategy's plan of the same cloud would cost, beside the chosen plan: the trade-off an operator
 * sees before approving (total, p99 and max downtime, GiB moved, makespan in {@link PlanTotals}).
 *
 * @param strategy the strategy, with its default weights unless it is the chosen one
 * @param chosen   whether this is the plan the campaign runs (with the campaign's own weights)
 * @param feasible whether that strategy finds a safe plan; if not, the totals are those of its draft
 * @param totals   its figures
 */
public record FrontierPoint(Strategy strategy, boolean chosen, boolean feasible, PlanTotals totals) {
}
