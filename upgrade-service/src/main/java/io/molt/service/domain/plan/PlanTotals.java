package io.molt.service.domain.plan;

import java.util.Map;

/**
 * Campaign-wide figures of a plan or of a baseline.
 *
 * @param waves                number of waves
 * @param actions              steps of running VMs per action
 * @param vmsMovedTwice        VMs migrated to a host that was upgraded later and so moved again
 * @param totalDowntimeSeconds sum of every VM's predicted downtime
 * @param p99DowntimeSeconds   99th percentile of per-VM downtime (all VMs, zeros included)
 * @param maxDowntimeSeconds   the worst VM's downtime
 * @param movedGib             data sent over the network
 * @param makespanSeconds      sum of the waves' durations
 * @param vmsNotRunning        steps of VMs that are not running (shut off, suspended, in error): they stay on
 *                             their host, are not started and lose nothing; not in {@code actions} (their steps
 *                             say {@code COLD_RESTART} with no downtime, so the host agent leaves them off)
 */
public record PlanTotals(int waves, Map<Action, Integer> actions, int vmsMovedTwice, double totalDowntimeSeconds,
        double p99DowntimeSeconds, double maxDowntimeSeconds, double movedGib, double makespanSeconds,
        int vmsNotRunning) {

    public PlanTotals {
        actions = Map.copyOf(actions);
    }
}
