package io.molt.agent.lab;

import io.molt.agent.libvirt.LibvirtDomains;
import io.molt.agent.steps.PreservationSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The virtualisation lab as the integration tests see it (dev/virtlab, docs/virtlab.md). Tests fail,
 * never skip, when it is not up.
 */
public final class Lab {

    public static final String URI = "qemu:///system";

    private Lab() {
    }

    public static Path repo() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("dev/virtlab"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("cannot find dev/virtlab above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    public static Path guestDir() {
        String state = System.getenv("VIRTLAB_STATE");
        return Path.of(state == null || state.isBlank() ? "/var/lib/molt-virtlab" : state).resolve("guest");
    }

    /** Fails with what to do when libvirt or the guest image is missing. */
    public static void require() {
        try (LibvirtDomains domains = new LibvirtDomains(URI)) {
            domains.libvirtVersion();
        } catch (RuntimeException | LinkageError e) {
            throw new AssertionError("libvirt at " + URI + " is not reachable (" + e.getMessage()
                    + "): run dev/virtlab/up", e);
        }
        for (String file : List.of("vmlinuz", "initrd.cpio")) {
            if (!Files.isRegularFile(guestDir().resolve(file))) {
                throw new AssertionError("the test guest " + guestDir().resolve(file) + " is missing: run dev/virtlab/up");
            }
        }
    }

    /** Settings on the lab's libvirt, with the agent's own files under {@code dir}. */
    public static PreservationSettings settings(Path dir) {
        Path monitors = Path.of("/tmp/molt-it-qmp"); // short: unix socket paths are limited to 108 bytes
        return new PreservationSettings(Path.of("/etc/libvirt/qemu.conf"), Path.of("/etc/libvirt/hooks/qemu"),
                dir.resolve("state"), monitors, List.of(repo().resolve("dev/virtlab/restart-libvirtd").toString()), false);
    }
}
