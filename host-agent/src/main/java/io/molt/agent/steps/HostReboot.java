package io.molt.agent.steps;

import io.molt.protocol.UpgradeTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the agent may take its host into the new kernel once a campaign's guests are down ({@link HostBoot}):
 * {@code KERNEL} runs the kexec command (the kernel staged by KEXEC_PREPARE), {@code FULL_REBOOT} the
 * reboot command; each only when the operator allowed it in the agent's config. The boot id tells, after
 * the agent starts again, whether the host did go through a boot.
 *
 * @param kexecAllowed   whether the agent may kexec ({@code kexec.execute.allowed})
 * @param kexecCommand   what kexecs into the staged kernel, e.g. {@code systemctl kexec}
 * @param rebootAllowed  whether the agent may reboot the host ({@code reboot.allowed})
 * @param rebootCommand  what reboots the host, e.g. {@code systemctl reboot}
 * @param bootIdFile     the kernel's boot id, new at every boot ({@code /proc/sys/kernel/random/boot_id})
 * @param goDownWait     after the command returned, how long the agent waits to be stopped by the shutdown
 * @param kernelFile     the running kernel's release and build ({@code /proc/version}): the same before and
 *                       after a boot means the host came back on the kernel it ran before
 */
public record HostReboot(boolean kexecAllowed, List<String> kexecCommand, boolean rebootAllowed,
        List<String> rebootCommand, Path bootIdFile, Duration goDownWait, Path kernelFile) {

    public static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    public static final Path KERNEL = Path.of("/proc/version");

    /** Neither kexec nor reboot allowed. */
    public static final HostReboot NONE = new HostReboot(false, List.of("systemctl", "kexec"), false,
            List.of("systemctl", "reboot"), BOOT_ID, Duration.ofMinutes(10));

    public HostReboot {
        kexecCommand = List.copyOf(kexecCommand);
        rebootCommand = List.copyOf(rebootCommand);
    }

    public HostReboot(boolean kexecAllowed, List<String> kexecCommand, boolean rebootAllowed,
            List<String> rebootCommand, Path bootIdFile, Duration goDownWait) {
        this(kexecAllowed, kexecCommand, rebootAllowed, rebootCommand, bootIdFile, goDownWait, KERNEL);
    }

    /** The command that takes the host into its new kernel for this target, or null when none runs. */
    List<String> commandFor(UpgradeTarget target) {
        return switch (target) {
            case KERNEL -> kexecAllowed ? kexecCommand : null;
            case FULL_REBOOT -> rebootAllowed ? rebootCommand : null;
            case USERSPACE -> null;
        };
    }

    /** Why no command runs for this target (null when one does, or none is needed). */
    String notRun(UpgradeTarget target) {
        return switch (target) {
            case KERNEL -> kexecAllowed ? null : "target KERNEL: the agent does not kexec (kexec.execute.allowed="
                    + "false): the new kernel is not running";
            case FULL_REBOOT -> rebootAllowed ? null : "target FULL_REBOOT: the agent does not reboot the host "
                    + "(reboot.allowed=false): the new kernel is not running";
            case USERSPACE -> null;
        };
    }

    String bootId() {
        return firstLine(bootIdFile);
    }

    /** The running kernel, e.g. {@code Linux version 6.1.0-50-cloud-amd64 (...) #1 SMP ... Debian 6.1.176-1 (...)}. */
    String kernel() {
        return firstLine(kernelFile);
    }

    private static String firstLine(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim().split("\n", 2)[0];
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
