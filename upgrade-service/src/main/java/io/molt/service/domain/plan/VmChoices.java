package io.molt.service.domain.plan;

import java.util.List;

/**
 * The actions one VM may get on its current host, best first, and why the others may not.
 *
 * @param ranked   allowed actions, best first (least downtime, less data within the slack)
 * @param excluded one note per action ruled out, e.g. {@code no live migration: special devices}
 */
public record VmChoices(List<ActionCost> ranked, List<String> excluded) {

    public VmChoices {
        ranked = List.copyOf(ranked);
        excluded = List.copyOf(excluded);
    }
}
