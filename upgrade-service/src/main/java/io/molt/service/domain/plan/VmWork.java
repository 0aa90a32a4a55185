package io.molt.service.domain.plan;

import java.util.ArrayList;
import java.util.List;

/** One VM's decision while its host's step is being planned. Mutable, short-lived. */
final class VmWork {

    static final String WAIT_NOTE = "waits ";
    static final String OVER_DEFAULT_NOTE = "over the campaign's default limit of ";

    final int vm;
    /** The VM's place in uuid order: ties between VMs are broken by it. */
    final int rank;
    final long ramMib;
    final VmChoices choices;
    /** Allowed actions not yet ruled out, best first; copied on the first ruling. */
    List<ActionCost> left;
    private boolean leftCopied;
    List<String> notes = List.of();
    ActionCost chosen;
    int destination = -1;
    boolean noActionAllowed;
    /** Staying guests: the time spent on the host's other guests' take-downs and restores while this one is down. */
    double neighbourWaitSeconds;
    /** A staying guest's place in the order its host's agent takes the staying guests down and back; -1 otherwise. */
    int laneRank = -1;
    /** How many guests the host's agent takes down and brings back at the same time. */
    int guestsAtOnce = 1;
    /** The campaign's default limit that the waits push this guest over, no other action fitting it; or null. */
    Long overDefaultLimitMs;

    VmWork(int vm, int rank, long ramMib, VmChoices choices) {
        this.vm = vm;
        this.rank = rank;
        this.ramMib = ramMib;
        this.choices = choices;
        this.left = choices.ranked();
    }

    /** The chosen action's downtime with the wait for the host's other guests. */
    double downtimeSeconds() {
        return chosen.downtimeSeconds() + neighbourWaitSeconds;
    }

    boolean resolved() {
        return chosen != null;
    }

    ActionCost top() {
        return left.isEmpty() ? null : left.get(0);
    }

    /** The cost of this action if it is still allowed, else null. */
    ActionCost cost(Action action) {
        for (ActionCost cost : left) {
            if (cost.action() == action) {
                return cost;
            }
        }
        return null;
    }

    /** Whether an action other than the chosen one is left whose own downtime fits this limit. */
    boolean hasOtherActionWithin(long limitMs) {
        for (ActionCost cost : left) {
            if (cost.action() != chosen.action() && cost.downtimeSeconds() * 1000 <= limitMs) {
                return true;
            }
        }
        return false;
    }

    /** Rules out an action for this VM, noting why. */
    void rule(Action action, String note) {
        if (!leftCopied) {
            left = new ArrayList<>(left);
            leftCopied = true;
        }
        left.removeIf(cost -> cost.action() == action);
        note(note);
    }

    void note(String note) {
        if (notes.isEmpty()) {
            notes = new ArrayList<>(2);
        }
        notes.add(note);
    }

    /** The reason for the choice made, from how it ranked among the allowed actions. */
    Reason reason() {
        List<String> all = choices.excluded();
        boolean overDefault = overDefaultLimitMs == null && choices.limitMs() != null && chosen != null
                && chosen.downtimeSeconds() * 1000 > choices.limitMs();
        if (!notes.isEmpty() || neighbourWaitSeconds > 0 || overDefault) {
            all = new ArrayList<>(choices.excluded());
            all.addAll(notes);
            if (neighbourWaitSeconds > 0) {
                all.add(WAIT_NOTE + Math.round(neighbourWaitSeconds * 10) / 10.0
                        + " s more for the host's other guests: the agent takes them down and brings them back "
                        + (guestsAtOnce == 1 ? "one" : Integer.toString(guestsAtOnce)) + " at a time");
            }
            if (overDefault) {
                all.add(OVER_DEFAULT_NOTE + choices.limitMs() + " ms: its actions within that limit were ruled out");
            }
            if (overDefaultLimitMs != null) {
                all.add(OVER_DEFAULT_NOTE + overDefaultLimitMs + " ms with these waits: no other action of"
                        + " its fits that limit");
            }
        }
        List<ActionCost> ranked = choices.ranked();
        if (noActionAllowed) {
            return new Reason(Reason.Rule.NO_ACTION_ALLOWED, chosen, null, all);
        }
        if (ranked.size() == 1) {
            return new Reason(Reason.Rule.ONLY_ACTION, chosen, null, all);
        }
        if (ranked.get(0) != chosen) {
            return new Reason(Reason.Rule.BEST_REMAINING, chosen, null, all, null,
                    choices.decidedBy() == null ? null : choices.limitMs());
        }
        if (choices.decidedBy() != null) {
            return new Reason(Reason.Rule.CAMPAIGN_COST, chosen, ranked.get(1), all, choices.decidedBy(),
                    choices.limitMs());
        }
        ActionCost fastest = chosen;
        for (ActionCost cost : ranked) {
            if (cost.downtimeSeconds() < fastest.downtimeSeconds()) {
                fastest = cost;
            }
        }
        return fastest == chosen ? new Reason(Reason.Rule.LEAST_DOWNTIME, chosen, null, all)
                : new Reason(Reason.Rule.LESS_DATA_WITHIN_SLACK, chosen, fastest, all);
    }
}
