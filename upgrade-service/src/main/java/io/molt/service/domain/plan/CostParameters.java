package io.molt.service.domain.plan;

/**
 * The cost model's parameters. Defaults come from Nova's configuration defaults, from what was measured
 * on these machines (docs/cost-model.md lists the source of each) or, where nothing was measured, from a
 * stated assumption. Every value can be overridden per campaign and is meant to be refit from the
 * durations campaigns record.
 *
 * @param migrationBandwidthMibPerSec  network bandwidth one live migration gets (10 GbE less TCP overhead)
 * @param downtimeLimitMs              switch-over when the remainder fits this (Nova {@code live_migration_downtime})
 * @param migrationSetupSeconds        Nova orchestration around one migration (measured: 0.9-1.0 s)
 * @param migrationSwitchoverMs        device state and resume on the destination, added to the remainder
 * @param completionTimeoutSecondsPerGib Nova aborts a migration after this per GiB ({@code live_migration_completion_timeout})
 * @param defaultDirtyRateMibPerSec    dirty rate assumed when a VM's is unknown
 * @param preserveSeconds              pause, save device state, new QEMU, load state (measured via libvirt 9.0)
 * @param kexecSeconds                 kexec into the new kernel until VMs resume (Hy-FiX: 7.6 s)
 * @param hypervisorRestartSeconds     restart of libvirtd and nova-compute after a userspace upgrade
 * @param hostRebootSeconds            firmware reboot of a server (POST + boot)
 * @param suspendFixedSeconds          fixed part of managed save + restore (fit to measurements)
 * @param diskWriteMibPerSec           managed-save write rate when the host reported none (fit)
 * @param diskReadMibPerSec            restore read rate, page cache cold after a reboot (fit)
 * @param guestShutdownSeconds         clean guest shutdown (Nova waits up to {@code shutdown_timeout}: 60 s)
 * @param guestBootSeconds             guest boot until its services answer
 * @param packageInstallSeconds        installing the new packages while VMs still run
 * @param verifySeconds                until Nova sees the host up again ({@code report_interval}: 10 s)
 */
public record CostParameters(
        double migrationBandwidthMibPerSec,
        double downtimeLimitMs,
        double migrationSetupSeconds,
        double migrationSwitchoverMs,
        double completionTimeoutSecondsPerGib,
        double defaultDirtyRateMibPerSec,
        double preserveSeconds,
        double kexecSeconds,
        double hypervisorRestartSeconds,
        double hostRebootSeconds,
        double suspendFixedSeconds,
        double diskWriteMibPerSec,
        double diskReadMibPerSec,
        double guestShutdownSeconds,
        double guestBootSeconds,
        double packageInstallSeconds,
        double verifySeconds) {

    public static final CostParameters DEFAULTS = new CostParameters(
            1100, 500, 1.0, 50, 800, 16,
            1.25, 7.6, 5, 300,
            1.0, 900, 900,
            10, 30, 60, 10);

    public CostParameters {
        double[] positive = {migrationBandwidthMibPerSec, downtimeLimitMs, completionTimeoutSecondsPerGib,
            diskWriteMibPerSec, diskReadMibPerSec};
        for (double value : positive) {
            if (!(value > 0)) {
                throw new IllegalArgumentException("bandwidths, downtime limit and timeout must be positive");
            }
        }
        double[] notNegative = {migrationSetupSeconds, migrationSwitchoverMs, defaultDirtyRateMibPerSec,
            preserveSeconds, kexecSeconds, hypervisorRestartSeconds, hostRebootSeconds, suspendFixedSeconds,
            guestShutdownSeconds, guestBootSeconds, packageInstallSeconds, verifySeconds};
        for (double value : notNegative) {
            if (!(value >= 0)) {
                throw new IllegalArgumentException("durations and rates must not be negative");
            }
        }
    }

    /** Seconds the host itself is unavailable for this target (VMs that stay on it wait this long). */
    public double hostOutageSeconds(UpgradeTarget target) {
        return switch (target) {
            case USERSPACE -> hypervisorRestartSeconds;
            case KERNEL -> kexecSeconds;
            case FULL_REBOOT -> hostRebootSeconds;
        };
    }
}
