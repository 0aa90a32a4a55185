package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreservationSetupTest {

    @TempDir
    Path dir;

    private PreservationSettings settings() {
        return new PreservationSettings(dir.resolve("qemu.conf"), dir.resolve("hooks/qemu"), dir.resolve("state"),
                dir.resolve("qmp"), List.of("true"), false);
    }

    @Test
    void refusesWithoutHookAndBackingDirThenInstallsTheHook() throws Exception {
        Files.writeString(dir.resolve("qemu.conf"), "#memory_backing_dir = \"/var/lib/libvirt/qemu/ram\"\n");
        PreservationSetup setup = new PreservationSetup(settings());

        assertThat(setup.check()).extracting(Refusal::code).containsExactly("MEMORY_BACKING_DIR_UNSET", "HOOK_MISSING");

        Files.writeString(dir.resolve("qemu.conf"), "memory_backing_dir = \"/dev/shm/ram\"\n");
        assertThat(setup.installHook()).isTrue();
        assertThat(setup.installHook()).as("second install changes nothing").isFalse();
        assertThat(setup.check()).isEmpty();
        assertThat(QemuConf.memoryBackingDir(dir.resolve("qemu.conf"))).contains(Path.of("/dev/shm/ram"));
    }

    @Test
    void neverOverwritesSomeoneElsesHook() throws Exception {
        Files.createDirectories(dir.resolve("hooks"));
        Files.writeString(dir.resolve("hooks/qemu"), "#!/bin/sh\nexit 0\n");
        PreservationSetup setup = new PreservationSetup(settings());

        assertThat(setup.check()).extracting(Refusal::code).contains("HOOK_OUTDATED");
        assertThatThrownBy(setup::installHook).hasMessageContaining("not the agent's hook");
    }
}
