package io.molt.service.domain.plan;

import java.util.Arrays;
import java.util.List;

/**
 * The campaign cost of one VM's action: {@code per_gib_moved x GiB sent + per_makespan_second x seconds the
 * action keeps its host's step busy + per_downtime_second x seconds the VM is down} (ADR 0009). Host time
 * is what the action adds to its host's step: a live migration's copy shared by the host's parallel
 * migrations, a preservation's or managed save's serial work, a cold restart's guest shutdown and boot.
 * <p>
 * With the host-time guard ({@link Strategy#BALANCED}), an in-place action that would keep the host busier
 * than the VM's live migration is ranked after the migration whatever its cost: the host's step then never
 * takes longer than evacuating the same host would.
 */
final class ObjectiveCost {

    /** The actions cheapest first, and which figure put the first ahead of the second (null if alone). */
    record Ranking(List<ActionCost> ranked, Reason.Figure decidedBy) {
    }

    private final ObjectiveWeights weights;
    private final CostParameters parameters;
    private final int migrationsPerHost;
    private final boolean hostTimeGuard;

    ObjectiveCost(ObjectiveWeights weights, CostParameters parameters, int migrationsPerHost, boolean hostTimeGuard) {
        this.weights = weights;
        this.parameters = parameters;
        this.migrationsPerHost = migrationsPerHost;
        this.hostTimeGuard = hostTimeGuard;
    }

    double of(ActionCost cost) {
        return weights.perGibMoved() * cost.movedMib() / 1024 + weights.perMakespanSecond() * hostSeconds(cost)
                + weights.perDowntimeSecond() * cost.downtimeSeconds();
    }

    /** Seconds the action adds to its host's upgrade step. */
    double hostSeconds(ActionCost cost) {
        return switch (cost.action()) {
            case LIVE_MIGRATE -> cost.busySeconds() / migrationsPerHost;
            case PRESERVE, SUSPEND_TO_DISK -> cost.busySeconds();
            case COLD_RESTART -> parameters.guestShutdownSeconds() + parameters.guestBootSeconds();
            case TERMINATE -> 0;
        };
    }

    /** Ranks the actions in place (at most one per kind: an insertion sort, no boxing) and says why. */
    Ranking rank(ActionCost[] actions) {
        int n = actions.length;
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            ActionCost cost = actions[i];
            double value = of(cost);
            int at = i;
            while (at > 0 && compare(cost, value, actions[at - 1], values[at - 1]) < 0) {
                actions[at] = actions[at - 1];
                values[at] = values[at - 1];
                at--;
            }
            actions[at] = cost;
            values[at] = value;
        }
        List<ActionCost> ranked = Arrays.asList(actions);
        boolean guarded = hostTimeGuard && guard(actions);
        if (n < 2) {
            return new Ranking(ranked, null);
        }
        ActionCost first = actions[0];
        ActionCost second = actions[1];
        if (guarded && first.action() == Action.LIVE_MIGRATE && hostSeconds(second) > hostSeconds(first)
                && of(second) < of(first)) {
            return new Ranking(ranked, Reason.Figure.HOST_TIME_GUARD);
        }
        return new Ranking(ranked, decidingFigure(first, second));
    }

    /** Moves in-place actions that keep the host busier than the live migration behind it; true if any moved. */
    private boolean guard(ActionCost[] ranked) {
        int migration = -1;
        for (int i = 0; i < ranked.length; i++) {
            if (ranked[i].action() == Action.LIVE_MIGRATE) {
                migration = i;
            }
        }
        if (migration <= 0) {
            return false;
        }
        ActionCost move = ranked[migration];
        double moveSeconds = hostSeconds(move);
        ActionCost[] before = Arrays.copyOf(ranked, migration);
        int kept = 0;
        int demoted = 0;
        ActionCost[] slower = new ActionCost[migration];
        for (ActionCost cost : before) {
            if (cost.action() != Action.TERMINATE && hostSeconds(cost) > moveSeconds) {
                slower[demoted++] = cost;
            } else {
                ranked[kept++] = cost;
            }
        }
        if (demoted == 0) {
            return false;
        }
        ranked[kept++] = move;
        System.arraycopy(slower, 0, ranked, kept, demoted);
        return true;
    }

    /** The weighted figure by which the runner-up costs the most more than the chosen action. */
    private Reason.Figure decidingFigure(ActionCost chosen, ActionCost runnerUp) {
        double moved = weights.perGibMoved() * (runnerUp.movedMib() - chosen.movedMib()) / 1024;
        double host = weights.perMakespanSecond() * (hostSeconds(runnerUp) - hostSeconds(chosen));
        double down = weights.perDowntimeSecond() * (runnerUp.downtimeSeconds() - chosen.downtimeSeconds());
        if (moved >= host && moved >= down) {
            return Reason.Figure.GIB_MOVED;
        }
        return host >= down ? Reason.Figure.MAKESPAN : Reason.Figure.DOWNTIME;
    }

    private static int compare(ActionCost a, double costA, ActionCost b, double costB) {
        if (costA != costB) {
            return Double.compare(costA, costB);
        }
        if (a.movedMib() != b.movedMib()) {
            return Double.compare(a.movedMib(), b.movedMib());
        }
        if (a.downtimeSeconds() != b.downtimeSeconds()) {
            return Double.compare(a.downtimeSeconds(), b.downtimeSeconds());
        }
        return Integer.compare(a.action().ordinal(), b.action().ordinal());
    }
}
