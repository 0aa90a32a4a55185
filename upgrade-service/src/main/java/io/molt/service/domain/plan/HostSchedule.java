package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.Host;
import java.util.List;

/**
 * How long a host's step keeps it busy with its guests, scheduled as the engine and the agent work: the live
 * migrations (the EVACUATE step), their seconds shared by the {@code max_migrations_per_host} the engine runs at
 * once (as the evacuate-all baseline counts them: with one at a time, the default, exactly the engine's
 * schedule; with more, its lower bound); then the staying guests' take-downs and, after the outage, their
 * returns, in their agent order and {@code guests_at_once} at a time, managed saves one at a time as they share
 * the disk ({@link GuestLanes}). The package install, the outage and the verification come on top
 * ({@link CostModel#hostFixedSeconds}).
 */
final class HostSchedule {

    private final CostModel costs;
    private final int migrationsAtOnce;
    private final UpgradeTarget target;

    HostSchedule(CostModel costs, int migrationsAtOnce, UpgradeTarget target) {
        this.costs = costs;
        this.target = target;
        this.migrationsAtOnce = Math.max(1, migrationsAtOnce);
    }

    /** The seconds of the host's migrations, take-downs and returns, for its works in agent order. */
    double seconds(Host host, List<VmWork> works) {
        int staying = 0;
        for (VmWork work : works) {
            if (work.laneRank >= 0) {
                staying++;
            }
        }
        double migrationSeconds = 0;
        double[] takeDown = new double[staying];
        double[] bringBack = new double[staying];
        Action[] actions = new Action[staying];
        int s = 0;
        for (VmWork work : works) {
            Action action = work.chosen.action();
            if (action == Action.LIVE_MIGRATE) {
                migrationSeconds += work.chosen.busySeconds();
            } else if (work.laneRank >= 0) {
                takeDown[s] = costs.takeDownSeconds(action, work.ramMib, host);
                bringBack[s] = costs.bringBackSeconds(action, work.ramMib, host, target);
                actions[s++] = action;
            }
        }
        int atOnce = host.capabilities().guestsAtOnce();
        return migrationSeconds / migrationsAtOnce
                + GuestLanes.schedule(atOnce, takeDown, actions).lengthSeconds()
                + GuestLanes.schedule(atOnce, bringBack, actions).lengthSeconds();
    }
}
