package io.molt.protocol;

/**
 * What an agent found its host able to do, as detected when it starts.
 *
 * @param libvirtUri             the libvirt connection URI the agent uses
 * @param libvirtReachable       whether that URI answered
 * @param libvirtVersion         libvirt's version, e.g. "9.0.0", or null if unknown
 * @param qemuVersion            the QEMU (hypervisor) version libvirt reports, or null if unknown
 * @param kexecAvailable         whether a kexec binary was found
 * @param preservedMemoryBytes   size of the memory region that survives a kexec (pmem), 0 if none
 * @param fileBackedMemory       whether guest RAM is configured as shared files (qemu.conf
 *                               {@code memory_backing_dir}), needed to preserve in place
 * @param freeMemoryBytes        host RAM available now
 * @param guestsAtOnce           how many guests the agent takes down, and brings back, at the same time
 *                               (config {@code guests.at-once}); an agent that does not say takes one at a time
 * @param kernelHandover         Kexec HandOver and the Live Update Orchestrator in the running kernel; null
 *                               when the agent does not say (older agents)
 */
public record HostCapabilities(
        String libvirtUri,
        boolean libvirtReachable,
        String libvirtVersion,
        String qemuVersion,
        boolean kexecAvailable,
        long preservedMemoryBytes,
        boolean fileBackedMemory,
        long freeMemoryBytes,
        int guestsAtOnce,
        KernelHandover kernelHandover) {

    public HostCapabilities {
        if (preservedMemoryBytes < 0 || freeMemoryBytes < 0) {
            throw new IllegalArgumentException("memory sizes must not be negative");
        }
        if (guestsAtOnce < 0) {
            throw new IllegalArgumentException("guestsAtOnce must not be negative");
        }
        guestsAtOnce = Math.max(1, guestsAtOnce); // absent (older agents): one at a time
    }

    /** Capabilities of an agent that does not report the kernel's handover support. */
    public HostCapabilities(String libvirtUri, boolean libvirtReachable, String libvirtVersion, String qemuVersion,
            boolean kexecAvailable, long preservedMemoryBytes, boolean fileBackedMemory, long freeMemoryBytes,
            int guestsAtOnce) {
        this(libvirtUri, libvirtReachable, libvirtVersion, qemuVersion, kexecAvailable, preservedMemoryBytes,
                fileBackedMemory, freeMemoryBytes, guestsAtOnce, null);
    }

    /** Capabilities of an agent that takes guests down and brings them back one at a time. */
    public HostCapabilities(String libvirtUri, boolean libvirtReachable, String libvirtVersion, String qemuVersion,
            boolean kexecAvailable, long preservedMemoryBytes, boolean fileBackedMemory, long freeMemoryBytes) {
        this(libvirtUri, libvirtReachable, libvirtVersion, qemuVersion, kexecAvailable, preservedMemoryBytes,
                fileBackedMemory, freeMemoryBytes, 1, null);
    }
}
