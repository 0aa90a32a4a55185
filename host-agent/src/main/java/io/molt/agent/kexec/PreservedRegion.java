package io.molt.agent.kexec;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The memory region that survives a kexec: the pmem device the running kernel made of a
 * {@code memmap=SIZE!OFFSET} reservation, and where it is mounted (guest RAM files must be there).
 *
 * @param device  e.g. {@code /dev/pmem0}
 * @param bytes   its size, from {@code /sys/block/<name>/size}
 * @param start   its physical address, from {@code /sys/block/<name>/device/resource} when the kernel says
 * @param memmap  the reservation on the command line that covers it
 * @param mounts  where it is mounted (fsdax)
 */
public record PreservedRegion(Path device, long bytes, OptionalLong start, Memmap memmap, List<Path> mounts) {

    public PreservedRegion {
        mounts = List.copyOf(mounts);
    }

    public String describe() {
        return device + " (" + (bytes >> 20) + " MiB" + (start.isPresent() ? " at 0x" + Long.toHexString(start.getAsLong()) : "")
                + ", " + memmap.parameter() + ", mounted on " + (mounts.isEmpty() ? "nothing" : mounts) + ")";
    }
}
