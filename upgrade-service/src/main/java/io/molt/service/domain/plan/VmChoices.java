package io.molt.service.domain.plan;

import java.util.List;

/**
 * The actions one VM may get on its current host, best first, and why the others may not.
 *
 * @param ranked   allowed actions, best first (least downtime, less data within the slack)
 * @param excluded  one note per action ruled out, e.g. {@code no live migration: special devices}
 * @param decidedBy under a campaign-cost strategy, the figure that put the first ahead of the second; else null
 * @param limitMs   the downtime limit the ranking kept, or null
 */
public record VmChoices(List<ActionCost> ranked, List<String> excluded, Reason.Figure decidedBy, Long limitMs) {

    public VmChoices {
        ranked = List.copyOf(ranked);
        excluded = List.copyOf(excluded);
    }

    public VmChoices(List<ActionCost> ranked, List<String> excluded) {
        this(ranked, excluded, null, null);
    }
}
