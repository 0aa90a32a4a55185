package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.agent.lab.Lab;
import io.molt.agent.lab.LabGuest;
import io.molt.agent.lab.LabTest;
import io.molt.agent.libvirt.DomainState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** SUSPEND_TO_DISK and RESUME (managed save) round trip on a real guest. */
class SuspendToDiskIT extends LabTest {

    @Test
    void suspendsToDiskAndResumesWithMemoryIntact() {
        LabGuest guest = guest("molt-it-suspend", 256, 160);
        SuspendToDisk step = new SuspendToDisk(domains, journal(),
                Lab.settings(dir));
        long start = System.nanoTime();

        StepResult suspended = step.suspend("s-1", guest.uuid(), Progress.NONE);
        assertThat(suspended.succeeded()).as(suspended.message()).isTrue();
        assertThat(domains.find(guest.uuid()).orElseThrow().state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(domains.hasManagedSaveImage(guest.uuid())).isTrue();
        assertThat(step.suspend("s-1", guest.uuid(), Progress.NONE)).isEqualTo(suspended);

        StepResult resumed = step.resume("r-1", guest.uuid(), Progress.NONE);
        assertThat(resumed.succeeded()).as(resumed.message()).isTrue();
        guest.console().awaitBeats(30, Duration.ofSeconds(20));
        assertThat(guest.console().counterContinuous(start)).isTrue();
        assertThat(guest.console().patternOk(Duration.ofSeconds(30))).isTrue();
        System.out.printf("SUSPEND_TO_DISK 256 MiB: blackout %.0f ms%n", guest.console().maxGapMs(start));
    }

    @Test
    void refusesADomainThatDoesNotRun() {
        LabGuest guest = guest("molt-it-suspend-off", 256, 16);
        SuspendToDisk step = new SuspendToDisk(domains, journal(),
                Lab.settings(dir));
        assertThat(step.suspend("s-1", guest.uuid(), Progress.NONE).succeeded()).isTrue();
        StepResult again = step.suspend("s-2", guest.uuid(), Progress.NONE);
        assertThat(again.outcome().name()).isEqualTo("REFUSED");
        assertThat(again.message()).contains("NOT_RUNNING");
    }
}
