package io.molt.service.domain.plan;

import java.util.ArrayList;
import java.util.List;

/** One VM's decision while its host's step is being planned. Mutable, short-lived. */
final class VmWork {

    final int vm;
    final long ramMib;
    final VmChoices choices;
    /** Allowed actions not yet ruled out, best first; copied on the first ruling. */
    List<ActionCost> left;
    private boolean leftCopied;
    List<String> notes = List.of();
    ActionCost chosen;
    int destination = -1;
    boolean noActionAllowed;

    VmWork(int vm, long ramMib, VmChoices choices) {
        this.vm = vm;
        this.ramMib = ramMib;
        this.choices = choices;
        this.left = choices.ranked();
    }

    boolean resolved() {
        return chosen != null;
    }

    ActionCost top() {
        return left.isEmpty() ? null : left.get(0);
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
        if (!notes.isEmpty()) {
            all = new ArrayList<>(choices.excluded());
            all.addAll(notes);
        }
        List<ActionCost> ranked = choices.ranked();
        if (noActionAllowed) {
            return new Reason(Reason.Rule.NO_ACTION_ALLOWED, chosen, null, all);
        }
        if (ranked.size() == 1) {
            return new Reason(Reason.Rule.ONLY_ACTION, chosen, null, all);
        }
        if (ranked.get(0) != chosen) {
            return new Reason(Reason.Rule.BEST_REMAINING, chosen, null, all);
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
