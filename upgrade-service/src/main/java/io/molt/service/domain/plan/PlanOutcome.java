package io.molt.service.domain.plan;

import java.util.List;

/** What the planner returns: a plan, or the constraints that no plan can meet. */
public sealed interface PlanOutcome {

    /** A plan that keeps every rule. */
    record Planned(Plan plan) implements PlanOutcome {
    }

    /**
     * No safe plan: each violation names the host, the VM where there is one, and the constraint.
     *
     * @param violations what cannot be met, in planning order (capped)
     * @param draft      the plan as far as it got, with the offending VMs shown as cold restarts
     */
    record Infeasible(List<Violation> violations, Plan draft) implements PlanOutcome {
        public Infeasible {
            violations = List.copyOf(violations);
        }
    }
}
