package io.molt.service.domain.plan;

import java.util.Map;

/**
 * Campaign-wide figures of a plan or of a baseline.
 *
 * @param waves                number of waves
 * @param actions              VM steps per action
 * @param vmsMovedTwice        VMs migrated to a host that was upgraded later and so moved again
 * @param totalDowntimeSeconds sum of every VM's predicted downtime
 * @param p99DowntimeSeconds   99th percentile of per-VM downtime (all VMs, zeros included)
 * @param maxDowntimeSeconds   the worst VM's downtime
 * @param movedGib             data sent over the network
 * @param makespanSeconds      sum of the waves' durations
 */
public record PlanTotals(int waves, Map<Action, Integer> actions, int vmsMovedTwice, double totalDowntimeSeconds,
        double p99DowntimeSeconds, double maxDowntimeSeconds, double movedGib, double makespanSeconds) {

    public PlanTotals {
        actions = Map.copyOf(actions);
    }
}
