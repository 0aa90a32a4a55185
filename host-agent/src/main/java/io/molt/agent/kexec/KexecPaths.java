package io.molt.agent.kexec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The host files KEXEC_PREPARE reads, apart so that tests can point each at a file of their own.
 *
 * @param kexecBinary  kexec-tools' {@code kexec}
 * @param cmdline      the running kernel's command line ({@code /proc/cmdline})
 * @param sysBlock     {@code /sys/block}: size and physical address of the preserved device
 * @param mountinfo    {@code /proc/self/mountinfo}: where the preserved device is mounted
 * @param kexecLoaded  {@code /sys/kernel/kexec_loaded}: 1 while an image is staged (absent: no kexec in this kernel)
 */
public record KexecPaths(Path kexecBinary, Path cmdline, Path sysBlock, Path mountinfo, Path kexecLoaded) {

    private static final List<Path> KEXEC_LOCATIONS =
            List.of(Path.of("/usr/sbin/kexec"), Path.of("/sbin/kexec"), Path.of("/usr/bin/kexec"));

    public KexecPaths {
        Objects.requireNonNull(kexecBinary, "kexecBinary");
        Objects.requireNonNull(cmdline, "cmdline");
        Objects.requireNonNull(sysBlock, "sysBlock");
        Objects.requireNonNull(mountinfo, "mountinfo");
        Objects.requireNonNull(kexecLoaded, "kexecLoaded");
    }

    /** This host's files; the kexec binary is the first one installed (else {@code /usr/sbin/kexec}). */
    public static KexecPaths system() {
        return new KexecPaths(installedKexec().orElse(KEXEC_LOCATIONS.get(0)), Path.of("/proc/cmdline"),
                Path.of("/sys/block"), Path.of("/proc/self/mountinfo"), Path.of("/sys/kernel/kexec_loaded"));
    }

    /** The first kexec binary installed in the usual places, if any. */
    public static Optional<Path> installedKexec() {
        return KEXEC_LOCATIONS.stream().filter(Files::isExecutable).findFirst();
    }

    /** Whether this host can kexec: the tool is installed and the running kernel has kexec support. */
    public boolean kexecUsable() {
        return Files.isExecutable(kexecBinary) && Files.exists(kexecLoaded);
    }
}
