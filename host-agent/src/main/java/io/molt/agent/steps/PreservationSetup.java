package io.molt.agent.steps;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks (and on request installs) what libvirt needs before the agent may preserve a domain: the
 * qemu hook that places kept RAM files, and memory_backing_dir in qemu.conf. libvirt looks for hooks
 * and reads qemu.conf only when it starts: after an install, libvirtd must be restarted (guests keep
 * running through that).
 */
public final class PreservationSetup {

    static final String HOOK_RESOURCE = "libvirt-qemu-hook.sh";

    private final PreservationSettings settings;

    public PreservationSetup(PreservationSettings settings) {
        this.settings = settings;
    }

    /** What is missing, each with how to fix it; empty when preservation can work. */
    public List<Refusal> check() {
        List<Refusal> refusals = new ArrayList<>();
        if (QemuConf.memoryBackingDir(settings.qemuConf()).isEmpty()) {
            refusals.add(new Refusal("MEMORY_BACKING_DIR_UNSET", "memory_backing_dir is not set in " + settings.qemuConf()
                    + ": the agent cannot find the RAM files (set it, as Nova's file_backed_memory needs, and restart libvirtd)"));
        }
        Path hook = settings.hook();
        try {
            if (!Files.isRegularFile(hook)) {
                refusals.add(new Refusal("HOOK_MISSING", "no libvirt qemu hook at " + hook
                        + ": a restore would start on an empty RAM file (install it with the agent's hook installer)"));
            } else if (!Arrays.equals(Files.readAllBytes(hook), hookContent())) {
                refusals.add(new Refusal("HOOK_OUTDATED", hook + " is not the agent's hook (another hook or an older version)"));
            } else if (!Files.isExecutable(hook)) {
                refusals.add(new Refusal("HOOK_NOT_EXECUTABLE", hook + " is not executable"));
            }
        } catch (IOException e) {
            refusals.add(new Refusal("HOOK_UNREADABLE", "cannot read " + hook + ": " + e.getMessage()));
        }
        return refusals;
    }

    /**
     * Writes the hook (atomically). Returns true when it changed something: libvirtd must then be
     * restarted before it uses the hook. Refuses to overwrite a hook that is not the agent's.
     */
    public boolean installHook() {
        Path hook = settings.hook();
        try {
            byte[] content = hookContent();
            if (Files.isRegularFile(hook)) {
                byte[] current = Files.readAllBytes(hook);
                if (Arrays.equals(current, content) && Files.isExecutable(hook)) {
                    return false;
                }
                if (!new String(current, java.nio.charset.StandardCharsets.UTF_8).contains("molt-hook-version:")) {
                    throw new IllegalStateException(hook + " exists and is not the agent's hook; merge them by hand");
                }
            }
            Files.createDirectories(hook.getParent());
            Path tmp = hook.resolveSibling(hook.getFileName() + ".molt-new");
            Files.write(tmp, content);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, hook, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the hook at " + hook, e);
        }
    }

    static byte[] hookContent() {
        try (InputStream in = PreservationSetup.class.getResourceAsStream(HOOK_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("hook resource missing from the agent's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
