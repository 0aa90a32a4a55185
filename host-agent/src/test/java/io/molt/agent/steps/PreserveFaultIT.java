package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.agent.journal.StepJournal;
import io.molt.agent.lab.Lab;
import io.molt.agent.lab.LabGuest;
import io.molt.agent.lab.LabTest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Faults in the middle of PRESERVE_REPLACE: the VM stays recoverable, and an agent started again on
 * the same journal finishes the operation with the guest's memory intact.
 */
class PreserveFaultIT extends LabTest {

    @Test
    void newQemuKilledDuringRestoreThenARestartedAgentFinishes() {
        LabGuest guest = guest("molt-it-fault-kill", 256, 160);
        StepJournal journal = journal();
        Faults killNewQemu = point -> {
            if (point.equals("incoming-ready")) {
                ProcessHandle.of(domains.qemuPid(guest.name()).orElseThrow()).orElseThrow().destroyForcibly();
            }
        };
        long start = System.nanoTime();
        StepResult failed = new PreserveReplace(domains, journal, Lab.settings(dir), killNewQemu)
                .run("op-kill", guest.uuid(), Progress.NONE);

        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.message()).contains("RAM and state kept");
        assertThat(journal.open()).extracting(e -> e.phase()).containsExactly("RESTORE_FAILED");

        StepResult finished = new PreserveReplace(domains, journal(),
                Lab.settings(dir), Faults.NONE).finish("op-kill", Progress.NONE);

        assertThat(finished.succeeded()).as(finished.message()).isTrue();
        assertThat(finished.details().get("attempt")).isEqualTo("2");
        guest.console().awaitBeats(30, Duration.ofSeconds(20));
        assertThat(guest.console().counterContinuous(start)).isTrue();
        assertThat(guest.console().patternOk(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void agentCrashAfterTheSaveThenARestartedAgentRestores() {
        LabGuest guest = guest("molt-it-fault-crash", 256, 160);
        StepJournal journal = journal();
        Faults crash = point -> {
            if (point.equals("after-save")) {
                throw new IllegalStateException("agent crashed");
            }
        };
        long start = System.nanoTime();
        assertThatThrownBy(() -> new PreserveReplace(domains, journal, Lab.settings(dir), crash)
                .run("op-crash", guest.uuid(), Progress.NONE)).hasMessage("agent crashed");
        assertThat(domains.find(guest.uuid()).orElseThrow().running()).isFalse();
        assertThat(journal.open()).extracting(e -> e.phase()).containsExactly("SAVING");

        StepResult finished = new PreserveReplace(domains, journal(),
                Lab.settings(dir), Faults.NONE).finish("op-crash", Progress.NONE);

        assertThat(finished.succeeded()).as(finished.message()).isTrue();
        guest.console().awaitBeats(30, Duration.ofSeconds(20));
        assertThat(guest.console().counterContinuous(start)).isTrue();
        assertThat(guest.console().patternOk(Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void saveFailureRollsBackAndTheGuestRunsOn() {
        LabGuest guest = guest("molt-it-fault-save", 256, 64);
        StepJournal journal = journal();
        Path settingsDir = dir.resolve("unwritable");
        PreservationSettings settings = Lab.settings(dir);
        PreservationSettings badState = new PreservationSettings(settings.qemuConf(), settings.hook(),
                settingsDir, settings.monitorDir(), settings.restartLibvirtd(), false);
        Faults noStateDir = point -> {
            if (point.equals("before-save")) {
                try {
                    java.nio.file.Files.walk(settingsDir).sorted(java.util.Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        long start = System.nanoTime();
        StepResult result = new PreserveReplace(domains, journal, badState, noStateDir).run("op-save", guest.uuid(), Progress.NONE);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.message()).startsWith("rolled back");
        assertThat(journal.open()).isEmpty();
        guest.console().awaitBeats(30, Duration.ofSeconds(20));
        assertThat(domains.find(guest.uuid()).orElseThrow().running()).isTrue();
        assertThat(guest.console().counterContinuous(start)).isTrue();
        assertThat(guest.console().patternOk(Duration.ofSeconds(30))).isTrue();
    }
}
