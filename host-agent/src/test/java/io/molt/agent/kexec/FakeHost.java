package io.molt.agent.kexec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A host in a directory: a kexec binary, /proc/cmdline with {@code memmap=64M!512M}, /dev/pmem0 with
 * its sysfs entries (64 MiB at 0x20000000) mounted on {@code <dir>/pmem}, a kernel and an initrd.
 */
final class FakeHost {

    private static final String ROOT_MOUNT = "22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n";
    static final String CMDLINE = "BOOT_IMAGE=/vmlinuz root=/dev/vda1 ro memmap=64M!512M console=ttyS0";

    final Path dir;
    final KexecPaths paths;
    final Path device;
    final Path kernel;
    final Path initrd;
    final Path pmemMount;

    FakeHost(Path dir) {
        this.dir = dir;
        this.paths = new KexecPaths(dir.resolve("sbin/kexec"), dir.resolve("proc/cmdline"), dir.resolve("sys/block"),
                dir.resolve("proc/mountinfo"), dir.resolve("sys/kernel/kexec_loaded"));
        this.device = dir.resolve("dev/pmem0");
        this.kernel = dir.resolve("boot/vmlinuz");
        this.initrd = dir.resolve("boot/initrd.img");
        this.pmemMount = dir.resolve("pmem");
        write(paths.kexecBinary(), "#!/bin/sh\nexit 1\n");
        setExecutable(paths.kexecBinary(), true);
        write(paths.cmdline(), CMDLINE + "\n");
        write(paths.sysBlock().resolve("pmem0/size"), (64L << 20) / 512 + "\n");
        write(paths.sysBlock().resolve("pmem0/device/resource"), "0x20000000\n");
        write(paths.kexecLoaded(), "0\n");
        write(device, "");
        write(kernel, "kernel");
        write(initrd, "initrd");
        mountPmem(true);
    }

    /** The mount table: the root filesystem, and the pmem device on {@code <dir>/pmem} if {@code mounted}. */
    void mountPmem(boolean mounted) {
        write(paths.mountinfo(), ROOT_MOUNT + (mounted ? pmemMountLine(pmemMount) : ""));
    }

    /** The mount table with the pmem device on {@code point} instead. */
    void mountPmemAt(Path point) {
        write(paths.mountinfo(), ROOT_MOUNT + pmemMountLine(point));
    }

    private String pmemMountLine(Path point) {
        return "90 22 259:0 / " + point.toString().replace(" ", "\\040") + " rw,relatime shared:40 - ext4 " + device
                + " rw,dax=always\n";
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void setExecutable(Path file, boolean executable) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
