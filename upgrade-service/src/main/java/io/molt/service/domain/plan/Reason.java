package io.molt.service.domain.plan;

import java.util.List;

/**
 * Why a VM got its action: the rule that picked it, the figure, and notes on what was ruled out. Kept as
 * data and put into words on demand, so that planning 400,000 VMs formats nothing.
 *
 * @param rule       which rule chose the action
 * @param chosen     the chosen action's cost
 * @param comparedTo the faster action it was preferred to (for {@link Rule#LESS_DATA_WITHIN_SLACK}), or null
 * @param notes      what was ruled out and why, in order
 */
public record Reason(Rule rule, ActionCost chosen, ActionCost comparedTo, List<String> notes) {

    public Reason {
        notes = List.copyOf(notes);
    }

    /** The rules by which an action is chosen. */
    public enum Rule {
        /** No other action was allowed. */
        ONLY_ACTION,
        /** The least predicted downtime among the allowed actions. */
        LEAST_DOWNTIME,
        /** Within the downtime slack of a faster action, and it moves less data. */
        LESS_DATA_WITHIN_SLACK,
        /** Better actions were ruled out while planning (no room, preserved memory full...): see notes. */
        BEST_REMAINING,
        /** No allowed action at all: the plan is infeasible; shown as a cold restart. */
        NO_ACTION_ALLOWED
    }

    /** The reason in words, e.g. {@code live migration: 0.08 s pause, 2.0 GiB sent; least predicted downtime}. */
    public String text() {
        StringBuilder text = new StringBuilder(chosen.describe()).append("; ");
        switch (rule) {
            case ONLY_ACTION -> text.append("the only allowed action");
            case LEAST_DOWNTIME -> text.append("least predicted downtime of the allowed actions");
            case LESS_DATA_WITHIN_SLACK -> text.append("moves less data than the faster ")
                    .append(comparedTo.describe()).append(", within the downtime slack");
            case BEST_REMAINING -> text.append("best action left");
            case NO_ACTION_ALLOWED -> text.append("NO ALLOWED ACTION");
        }
        for (String note : notes) {
            text.append("; ").append(note);
        }
        return text.toString();
    }
}
