package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.agent.journal.StepJournal;
import io.molt.agent.lab.Lab;
import io.molt.agent.lab.LabGuest;
import io.molt.agent.lab.LabTest;
import io.molt.agent.libvirt.DomainState;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A held guest whose kept RAM changed before its restore (as after a kexec whose new kernel did not keep the
 * region) is reported and left as it is, never restored onto the changed RAM nor booted; once the RAM is as it
 * was, the same operation restores it and the guest goes on.
 */
class RamChangedIT extends LabTest {

    @Test
    void changedRamIsReportedNotRestoredAndTheGuestComesBackOnceItIsIntact() throws IOException {
        LabGuest guest = guest("molt-it-ram-changed", 256, 64);
        PreservationSettings settings = Lab.settings(dir);
        StepJournal journal = journal();
        PreserveReplace step = new PreserveReplace(domains, journal, settings, Faults.NONE);
        long start = System.nanoTime();

        assertThat(step.hold("op-changed", guest.uuid(), Progress.NONE).succeeded()).isTrue();
        assertThat(journal.last("op-changed").orElseThrow().data()).containsKey("ram_sha256.pc.ram");
        Map<String, Path> kept = new RamKeeper(QemuConf.keepDir(QemuConf.memoryBackingDir(settings.qemuConf())
                .orElseThrow())).kept(guest.uuid());
        Path ram = kept.values().iterator().next();
        byte[] page = flipFirstPage(ram);

        StepResult refused = step.finish("op-changed", Progress.NONE);
        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.message()).contains("did not survive", "not restored and not booted", ram.toString());
        assertThat(journal.last("op-changed").orElseThrow().phase()).isEqualTo("RAM_CHANGED");
        assertThat(domains.find(guest.uuid()).orElseThrow().state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(ram).as("the kept RAM stays for the operator").exists();
        assertThat(step.finish("op-changed", Progress.NONE).message()).as("asked again: still refused")
                .contains("did not survive");

        Files.write(ram, page, StandardOpenOption.WRITE); // the first page as it was
        StepResult restored = step.finish("op-changed", Progress.NONE);
        assertThat(restored.succeeded()).as(restored.message()).isTrue();
        guest.console().awaitBeats(20, Duration.ofSeconds(20));
        assertThat(guest.console().counterContinuous(start)).as("the guest went on, not booted again").isTrue();
        assertThat(guest.console().patternOk(Duration.ofSeconds(30))).as("memory pattern intact").isTrue();
        assertThat(journal.open()).isEmpty();
    }

    /** Inverts the file's first page in place; answers the page as it was. */
    private static byte[] flipFirstPage(Path ram) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(ram.toFile(), "rw")) {
            byte[] page = new byte[4096];
            file.readFully(page);
            byte[] flipped = page.clone();
            for (int i = 0; i < flipped.length; i++) {
                flipped[i] = (byte) ~flipped[i];
            }
            file.seek(0);
            file.write(flipped);
            return page;
        }
    }
}
