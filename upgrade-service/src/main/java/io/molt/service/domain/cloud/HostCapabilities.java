package io.molt.service.domain.cloud;

/**
 * What a host's agent reported it can do, in the planner's terms.
 *
 * @param agentOnline              whether an agent answers for this host
 * @param fileBackedSharedMemory   guest RAM lives in shared files: required to preserve VMs in place
 * @param preservedMemoryMib       guest RAM that survives a kexec (a reserved pmem region); 0 if none
 * @param kexecSupported           the host can kexec into a new kernel
 * @param qemuVersion              QEMU version, or null if unknown
 * @param libvirtVersion           libvirt version, or null if unknown
 * @param diskWriteMibPerSec       measured local disk write bandwidth for managed saves, 0 if unknown
 * @param guestsAtOnce             how many guests the agent takes down, and brings back, at the same time
 *                                 (managed saves still one at a time: they share the disk); 1 if not said
 * @param measuredKexec            what the host's own kernel upgrades took, as its agent measured them; null
 *                                 when it has none (the cost model's defaults then)
 */
public record HostCapabilities(
        boolean agentOnline,
        boolean fileBackedSharedMemory,
        long preservedMemoryMib,
        boolean kexecSupported,
        String qemuVersion,
        String libvirtVersion,
        double diskWriteMibPerSec,
        int guestsAtOnce,
        MeasuredKexec measuredKexec) {

    /** A host with no agent: nothing can be preserved in place. */
    public static final HostCapabilities NONE = new HostCapabilities(false, false, 0, false, null, null, 0);

    public HostCapabilities {
        if (preservedMemoryMib < 0 || diskWriteMibPerSec < 0 || guestsAtOnce < 0) {
            throw new IllegalArgumentException("capability sizes must not be negative");
        }
        guestsAtOnce = Math.max(1, guestsAtOnce); // not said: one at a time
    }

    /** A host with no measured kernel upgrade. */
    public HostCapabilities(boolean agentOnline, boolean fileBackedSharedMemory, long preservedMemoryMib,
            boolean kexecSupported, String qemuVersion, String libvirtVersion, double diskWriteMibPerSec,
            int guestsAtOnce) {
        this(agentOnline, fileBackedSharedMemory, preservedMemoryMib, kexecSupported, qemuVersion, libvirtVersion,
                diskWriteMibPerSec, guestsAtOnce, null);
    }

    /** These capabilities with the host's measured kernel upgrades (null: none). */
    public HostCapabilities withMeasuredKexec(MeasuredKexec measured) {
        return new HostCapabilities(agentOnline, fileBackedSharedMemory, preservedMemoryMib, kexecSupported, qemuVersion,
                libvirtVersion, diskWriteMibPerSec, guestsAtOnce, measured);
    }

    /** A host whose agent takes its guests down and brings them back one at a time. */
    public HostCapabilities(boolean agentOnline, boolean fileBackedSharedMemory, long preservedMemoryMib,
            boolean kexecSupported, String qemuVersion, String libvirtVersion, double diskWriteMibPerSec) {
        this(agentOnline, fileBackedSharedMemory, preservedMemoryMib, kexecSupported, qemuVersion, libvirtVersion,
                diskWriteMibPerSec, 1);
    }
}
