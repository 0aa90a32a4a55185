package io.molt.agent.kexec;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The narrow port over kexec-tools that KEXEC_PREPARE needs: stage an image and take it away again.
 * There is deliberately no way to execute a staged image here.
 */
public interface KexecTool {

    /** {@code kexec -l}: stages {@code kernel}; an image staged before is replaced. */
    KexecRun load(Path kernel, Optional<Path> initrd, String commandLine);

    /** {@code kexec -u}: unstages whatever image is staged. */
    KexecRun unload();
}
