package io.molt.service.domain.plan;

/** What a campaign changes on each host, and so what the host's VMs go through. */
public enum UpgradeTarget {
    /** QEMU, libvirt and nova-compute only: no host reboot; each VM's QEMU is replaced in place. */
    USERSPACE,
    /** The host kernel: a kexec reboot; guest RAM survives only in the preserved-memory region. */
    KERNEL,
    /** Firmware or microcode: a real reboot, all memory is lost. */
    FULL_REBOOT;

    /** Whether guest RAM can be kept in place across this upgrade. */
    public boolean canPreserveMemory() {
        return this != FULL_REBOOT;
    }

    /** Whether preserved VMs must fit the host's preserved-memory region (they must survive a kexec). */
    public boolean needsPreservedRegion() {
        return this == KERNEL;
    }
}
