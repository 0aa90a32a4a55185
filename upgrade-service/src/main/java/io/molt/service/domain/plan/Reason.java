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
 * @param decidedBy  for {@link Rule#CAMPAIGN_COST}: the figure by which {@code comparedTo}, the runner-up,
 *                   costs more; else null
 * @param limitMs    under a campaign-cost strategy, the VM's downtime limit the choice kept (its own, the
 *                   campaign's or the default); else null
 */
public record Reason(Rule rule, ActionCost chosen, ActionCost comparedTo, List<String> notes, Figure decidedBy,
        Long limitMs) {

    public Reason {
        notes = List.copyOf(notes);
    }

    /** A reason that no campaign cost decided. */
    public Reason(Rule rule, ActionCost chosen, ActionCost comparedTo, List<String> notes) {
        this(rule, chosen, comparedTo, notes, null, null);
    }

    /** Which weighted figure made the runner-up cost more than the chosen action. */
    public enum Figure {
        /** It sends more data over the network. */
        GIB_MOVED,
        /** It keeps its host's upgrade step busy longer. */
        MAKESPAN,
        /** The VM is down longer. */
        DOWNTIME,
        /** Cheaper, but it would keep the host busier than the live migration (balanced's host-time guard). */
        HOST_TIME_GUARD
    }

    /** The rules by which an action is chosen. */
    public enum Rule {
        /** The least campaign cost of the allowed actions, under the campaign's strategy: see {@code decidedBy}. */
        CAMPAIGN_COST,
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
            case CAMPAIGN_COST -> appendCampaignCost(text);
            case ONLY_ACTION -> text.append("the only allowed action");
            case LEAST_DOWNTIME -> text.append("least predicted downtime of the allowed actions");
            case LESS_DATA_WITHIN_SLACK -> text.append("moves less data than the faster ")
                    .append(comparedTo.describe()).append(", within the downtime slack");
            case BEST_REMAINING -> text.append(limitMs == null ? "best action left"
                    : "least campaign cost of the actions left, within its " + seconds(limitMs / 1000.0) + " limit");
            case NO_ACTION_ALLOWED -> text.append("NO ALLOWED ACTION");
        }
        for (String note : notes) {
            text.append("; ").append(note);
        }
        return text.toString();
    }

    /** E.g. {@code within its 30 s limit; the live migration's 8.0 GiB sent costs more}. */
    private void appendCampaignCost(StringBuilder text) {
        if (limitMs != null) {
            text.append("within its ").append(seconds(limitMs / 1000.0)).append(" limit; ");
        }
        String other = "the " + comparedTo.action().noun();
        switch (decidedBy) {
            case GIB_MOVED -> FixedDecimals.append(text.append(other).append("'s "), comparedTo.movedMib() / 1024, 1)
                    .append(" GiB sent costs more");
            case MAKESPAN -> text.append(other).append(" keeps the host busy longer (")
                    .append(seconds(comparedTo.busySeconds())).append(") and costs more");
            case DOWNTIME -> text.append(other).append(" is down longer (")
                    .append(seconds(comparedTo.downtimeSeconds())).append(") and costs more");
            case HOST_TIME_GUARD -> text.append(other).append(" would keep the host busy longer (")
                    .append(seconds(comparedTo.busySeconds())).append(") than moving the VM away");
        }
    }

    private static String seconds(double value) {
        return FixedDecimals.format(value, value == Math.rint(value) ? 0 : 1) + " s";
    }
}
