package io.molt.service.domain.plan;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/** Adds up downtime per VM, data moved, actions and time, and turns them into {@link PlanTotals}. */
final class DowntimeTally {

    private final double[] downtimePerVm;
    private final int[] actions = new int[Action.values().length];
    private double movedMib;
    private double makespanSeconds;
    private int waves;
    private int movedTwice;
    private int notRunning;

    DowntimeTally(int vmCount) {
        downtimePerVm = new double[vmCount];
    }

    void step(int vm, Action action, double downtimeSeconds, double movedMib) {
        downtimePerVm[vm] += downtimeSeconds;
        actions[action.ordinal()]++;
        this.movedMib += movedMib;
    }

    /** A VM that is not running: no downtime, no action counted. */
    void notRunning() {
        notRunning++;
    }

    void movedTwice() {
        movedTwice++;
    }

    void wave(double durationSeconds) {
        waves++;
        makespanSeconds += durationSeconds;
    }

    PlanTotals totals() {
        double[] sorted = downtimePerVm.clone();
        Arrays.sort(sorted);
        double total = 0;
        for (double value : sorted) {
            total += value;
        }
        double p99 = sorted.length == 0 ? 0 : sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
        double max = sorted.length == 0 ? 0 : sorted[sorted.length - 1];
        Map<Action, Integer> counts = new EnumMap<>(Action.class);
        for (Action action : Action.values()) {
            counts.put(action, actions[action.ordinal()]);
        }
        return new PlanTotals(waves, counts, movedTwice, total, p99, max, movedMib / 1024, makespanSeconds,
                notRunning);
    }

    /** The wave's duration: its slowest host, or its migrations under the campaign-wide limit if slower. */
    static double waveDuration(double slowestHostSeconds, double migrationSeconds, CampaignOptions options) {
        if (options.maxMigrationsTotal() == 0) {
            return slowestHostSeconds;
        }
        return Math.max(slowestHostSeconds, migrationSeconds / options.maxMigrationsTotal());
    }
}
