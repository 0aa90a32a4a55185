package io.molt.agent.steps;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where the preservation steps keep their files and how they restart libvirtd.
 *
 * @param qemuConf          libvirt's qemu.conf (read for memory_backing_dir)
 * @param hook              libvirt's qemu hook ({@code /etc/libvirt/hooks/qemu})
 * @param stateDir          device-state files and restore XML (a few hundred KiB per domain);
 *                          for a kexec it must be on the preserved region too
 * @param monitorDir        sockets of the extra QMP monitor of restored domains (short path: 108-byte limit)
 * @param restartLibvirtd   the command that restarts libvirtd (e.g. {@code systemctl restart libvirtd})
 * @param kexecExecuteAllowed whether KEXEC_EXECUTE may run at all (off unless the operator turns it on)
 */
public record PreservationSettings(Path qemuConf, Path hook, Path stateDir, Path monitorDir,
                                   List<String> restartLibvirtd, boolean kexecExecuteAllowed) {

    /** Device state of a domain is about 0.3 MiB; refuse with much less room than this. */
    public static final long MIN_STATE_ROOM_BYTES = 64L << 20;

    public PreservationSettings {
        Objects.requireNonNull(qemuConf, "qemuConf");
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(monitorDir, "monitorDir");
        restartLibvirtd = List.copyOf(restartLibvirtd);
    }

    public static PreservationSettings defaults(Path stateDir) {
        return new PreservationSettings(Path.of("/etc/libvirt/qemu.conf"), Path.of("/etc/libvirt/hooks/qemu"),
                stateDir, Path.of("/run/molt/qmp"), List.of("systemctl", "restart", "libvirtd"), false);
    }
}
