package io.molt.agent.libvirt;

/**
 * How a domain's RAM is backed, read from {@code <memoryBacking>} (and NUMA cells' {@code memAccess}).
 *
 * @param fileBacked  {@code <source type='file'/>}: RAM is a file under qemu.conf's memory_backing_dir
 * @param shared      {@code <access mode='shared'/>}: QEMU maps it MAP_SHARED, so the file holds the RAM
 * @param discard     {@code <discard/>}: QEMU erases the file when it stops (must be turned off first)
 * @param immediate   {@code <allocation mode='immediate'/>}: QEMU touches every page when it starts
 */
public record MemoryBacking(boolean fileBacked, boolean shared, boolean discard, boolean immediate) {

    /** Whether QEMU's RAM lives in a file that a new QEMU process can map again. */
    public boolean preservable() {
        return fileBacked && shared;
    }
}
