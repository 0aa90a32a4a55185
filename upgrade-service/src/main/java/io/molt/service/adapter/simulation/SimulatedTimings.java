package io.molt.service.adapter.simulation;

import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.plan.CostParameters;
import io.molt.service.domain.plan.UpgradeTarget;
import java.time.Duration;

/**
 * How long simulated work takes: the cost model's figures times {@code scale} (1.0 = real time; tests use
 * 0.001 or less so that a campaign of minutes runs in milliseconds).
 */
public record SimulatedTimings(CostParameters cost, double scale) {

    public SimulatedTimings {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("the time scale must be positive");
        }
    }

    Duration migration(Vm vm) {
        return seconds(cost.migrationSetupSeconds() + vm.flavor().ramMib() / cost.migrationBandwidthMibPerSec());
    }

    Duration preserve(int guests) {
        return seconds(cost.preserveSeconds() * Math.max(1, guests));
    }

    Duration upgrade(UpgradeTarget target) {
        double reboot = switch (target) {
            case USERSPACE -> cost.hypervisorRestartSeconds();
            case KERNEL -> cost.kexecSeconds();
            case FULL_REBOOT -> cost.hostRebootSeconds();
        };
        return seconds(cost.packageInstallSeconds() + reboot);
    }

    long preserveDowntimeMs(UpgradeTarget target) {
        double s = cost.preserveSeconds() + (target == UpgradeTarget.KERNEL ? cost.kexecSeconds() : 0);
        return Math.round(s * 1000);
    }

    private Duration seconds(double s) {
        return Duration.ofNanos(Math.max(1_000_000L, Math.round(s * scale * 1e9)));
    }
}
