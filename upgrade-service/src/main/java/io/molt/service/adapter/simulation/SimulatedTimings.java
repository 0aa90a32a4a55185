package io.molt.service.adapter.simulation;

import io.molt.protocol.GuestActionKind;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CostModel;
import io.molt.service.domain.plan.CostParameters;
import io.molt.service.domain.plan.MigrationEstimate;
import io.molt.service.domain.plan.UpgradeTarget;
import java.time.Duration;

/**
 * How long simulated work takes. The agents' work is in simulated time, the cost model's figures as they
 * are (a guest's save and restore, the upgrade command); {@link #wall} turns simulated time into the wall
 * time the simulation waits, times {@code scale} (1.0 = real time; tests use 0.001 or less so that a
 * campaign of minutes runs in milliseconds).
 */
public record SimulatedTimings(CostParameters cost, double scale) {

    public SimulatedTimings {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("the time scale must be positive");
        }
    }

    /** Wall time of a live migration: {@link #migrationSimulated} times the scale. */
    Duration migration(Vm vm) {
        return wall(migrationSimulated(vm));
    }

    /**
     * Simulated time of a live migration, as the cost model counts it: Nova's setup and the pre-copy rounds
     * of RAM and local disk for one that converges; the setup and one copy of its RAM for one the model says
     * does not (the simulated Nova completes it anyway; the planner never sends it).
     */
    Duration migrationSimulated(Vm vm) {
        CostModel model = new CostModel(cost);
        return model.migration(vm) instanceof MigrationEstimate.Converges converges
                ? seconds(model.liveMigrate(converges).busySeconds())
                : seconds(cost.migrationSetupSeconds() + vm.flavor().ramMib() / cost.migrationBandwidthMibPerSec());
    }

    /**
     * Simulated time of the VERIFY step: until Nova sees the host's nova-compute up again (its report
     * interval). The simulated Nova answers at once, so the simulated clock counts the cost model's figure.
     */
    public Duration verify() {
        return seconds(cost.verifySeconds());
    }

    /**
     * Simulated time to take one guest down, as the cost model counts it (half of a preservation, a managed
     * save, a clean shutdown).
     */
    Duration takeDown(GuestActionKind action, Vm vm, Host host) {
        return seconds(new CostModel(cost).takeDownSeconds(Action.valueOf(action.name()), vm.flavor().ramMib(), host));
    }

    /** Simulated time to bring one guest back, as the cost model counts it (the other half, a read back, a boot). */
    Duration bringBack(GuestActionKind action, Vm vm) {
        return seconds(new CostModel(cost).bringBackSeconds(Action.valueOf(action.name()), vm.flavor().ramMib()));
    }

    /** Simulated time of the upgrade command: the package install, while the guests that stay still run. */
    Duration upgrade() {
        return seconds(cost.packageInstallSeconds());
    }

    /** Simulated time of the boot into the new kernel once the guests are down: kexec or reboot, none for USERSPACE. */
    Duration boot(io.molt.protocol.UpgradeTarget bootInto) {
        return bootInto == null || bootInto == io.molt.protocol.UpgradeTarget.USERSPACE ? Duration.ZERO
                : seconds(cost.hostOutageSeconds(UpgradeTarget.valueOf(bootInto.name())));
    }

    /** The wall time the simulation waits for this much simulated time (at least a millisecond). */
    Duration wall(Duration simulated) {
        return Duration.ofNanos(Math.max(1_000_000L, Math.round(simulated.toNanos() * scale)));
    }

    static Duration seconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }
}
