package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.MeasuredKexec;
import io.molt.service.domain.cloud.Vm;

/**
 * Predicts each action's downtime, bytes moved and host time (DESIGN.md section 4). Pure arithmetic over
 * {@link CostParameters}; the host-level parts (package install, outage, verification) are in
 * {@link #hostFixedSeconds}. Under a KERNEL upgrade, a host whose agent measured its own kernel upgrades
 * ({@link MeasuredKexec}) has its measured kexec as its outage and its measured restore as a preserved guest's
 * return, in place of {@code kexec_seconds} and half of {@code preserve_seconds}.
 */
public final class CostModel {

    private final CostParameters parameters;
    private final PreCopyModel preCopy;

    public CostModel(CostParameters parameters) {
        this.parameters = parameters;
        this.preCopy = new PreCopyModel(parameters);
    }

    public CostParameters parameters() {
        return parameters;
    }

    /** In place: RAM kept; with a kernel upgrade the VM also waits for the kexec. */
    public ActionCost preserve(UpgradeTarget target) {
        return preserve(target, null);
    }

    /** As {@link #preserve(UpgradeTarget)}, with the host's measured kexec and restore under KERNEL. */
    public ActionCost preserve(UpgradeTarget target, Host host) {
        if (!target.canPreserveMemory()) {
            throw new IllegalArgumentException("memory does not survive " + target);
        }
        double outage = target == UpgradeTarget.KERNEL ? outageSeconds(target, host) : 0;
        double work = parameters.preserveSeconds() / 2 + bringBackSeconds(Action.PRESERVE, 0, host, target);
        return new ActionCost(Action.PRESERVE, work + outage, 0, work);
    }

    /**
     * The host's outage for this target: under KERNEL the host's measured kexec where it has one, else the
     * parameter ({@link CostParameters#hostOutageSeconds}).
     */
    public double outageSeconds(UpgradeTarget target, Host host) {
        MeasuredKexec measured = measured(target, host);
        return measured != null ? measured.kexecSeconds() : parameters.hostOutageSeconds(target);
    }

    /** The host's measured kernel upgrades, when they count for this target (KERNEL), else null. */
    public static MeasuredKexec measured(UpgradeTarget target, Host host) {
        return target == UpgradeTarget.KERNEL && host != null ? host.capabilities().measuredKexec() : null;
    }

    /** The pre-copy estimate for this VM (its dirty rate, or the default when unknown). */
    public MigrationEstimate migration(Vm vm) {
        double dirty = vm.dirtyRateMibPerSec() != null ? vm.dirtyRateMibPerSec() : parameters.defaultDirtyRateMibPerSec();
        double diskMib = vm.volumeBacked() ? 0 : vm.flavor().diskGib() * 1024.0;
        return preCopy.estimate(vm.flavor().ramMib(), dirty, diskMib);
    }

    /** A converging live migration as an action cost. */
    public ActionCost liveMigrate(MigrationEstimate.Converges estimate) {
        return new ActionCost(Action.LIVE_MIGRATE, estimate.downtimeMs() / 1000.0, estimate.movedMib(),
                estimate.totalSeconds());
    }

    /** Managed save to local disk, host upgrade, restore from a cold page cache. */
    public ActionCost suspendToDisk(Vm vm, Host host, UpgradeTarget target) {
        double ram = vm.flavor().ramMib();
        double work = parameters.suspendFixedSeconds() + ram / writeRate(host) + ram / parameters.diskReadMibPerSec();
        double outage = outageSeconds(target, host);
        return new ActionCost(Action.SUSPEND_TO_DISK, work + outage, 0, work);
    }

    /** Guest shutdown, host upgrade, guest boot. */
    public ActionCost coldRestart(UpgradeTarget target) {
        return coldRestart(target, null);
    }

    /** As {@link #coldRestart(UpgradeTarget)}, with the host's measured kexec under KERNEL. */
    public ActionCost coldRestart(UpgradeTarget target, Host host) {
        double outage = outageSeconds(target, host);
        return new ActionCost(Action.COLD_RESTART,
                parameters.guestShutdownSeconds() + outage + parameters.guestBootSeconds(), 0, 0);
    }

    /** Deleted; its replicated service carries on (downtime zero by definition of the policy). */
    public ActionCost terminate() {
        return new ActionCost(Action.TERMINATE, 0, 0, 0);
    }

    /**
     * The part of an in-place action before the host's outage: half a preservation, the managed save, the
     * guest's shutdown. The host's agent takes its guests down one after the other, so each guest also waits
     * for the take-downs after its own.
     */
    public double takeDownSeconds(Action action, long ramMib, Host host) {
        return switch (action) {
            case PRESERVE -> parameters.preserveSeconds() / 2;
            case SUSPEND_TO_DISK -> parameters.suspendFixedSeconds() / 2 + ramMib / writeRate(host);
            case COLD_RESTART -> parameters.guestShutdownSeconds();
            default -> 0;
        };
    }

    /** The part after the outage: the other half, the read back from disk, the boot; guests come back in turn. */
    public double bringBackSeconds(Action action, long ramMib) {
        return bringBackSeconds(action, ramMib, null, null);
    }

    /** As {@link #bringBackSeconds(Action, long)}; a preserved guest's return as measured on the host under KERNEL. */
    public double bringBackSeconds(Action action, long ramMib, Host host, UpgradeTarget target) {
        MeasuredKexec measured = measured(target, host);
        return switch (action) {
            case PRESERVE -> measured != null && measured.restoreSeconds() != null ? measured.restoreSeconds()
                    : parameters.preserveSeconds() / 2;
            case SUSPEND_TO_DISK -> parameters.suspendFixedSeconds() / 2 + ramMib / parameters.diskReadMibPerSec();
            case COLD_RESTART -> parameters.guestBootSeconds();
            default -> 0;
        };
    }

    /** Host time outside the VMs' own actions: install, outage, verification, and guest shutdown/boot. */
    public double hostFixedSeconds(UpgradeTarget target, boolean anyColdRestart) {
        return hostFixedSeconds(target, anyColdRestart, null);
    }

    /** As {@link #hostFixedSeconds(UpgradeTarget, boolean)}, with the host's measured kexec under KERNEL. */
    public double hostFixedSeconds(UpgradeTarget target, boolean anyColdRestart, Host host) {
        double guests = anyColdRestart ? parameters.guestShutdownSeconds() + parameters.guestBootSeconds() : 0;
        return parameters.packageInstallSeconds() + outageSeconds(target, host) + parameters.verifySeconds() + guests;
    }

    private double writeRate(Host host) {
        return host != null && host.capabilities().diskWriteMibPerSec() > 0 ? host.capabilities().diskWriteMibPerSec()
                : parameters.diskWriteMibPerSec();
    }
}
