package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.agent.journal.StepJournal;
import io.molt.agent.lab.Lab;
import io.molt.agent.lab.LabGuest;
import io.molt.agent.lab.LabTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** WARM_REBOOT: two guests held, libvirtd restarted, both restored with their memory. */
class WarmRebootIT extends LabTest {

    @Test
    void bothGuestsSurviveALibvirtdRestartWithTheirMemory() {
        LabGuest first = guest("molt-it-warm-1", 256, 128);
        LabGuest second = guest("molt-it-warm-2", 256, 128);
        StepJournal journal = journal();
        PreserveReplace preserve = new PreserveReplace(domains, journal, Lab.settings(dir), Faults.NONE);
        WarmReboot step = new WarmReboot(domains, journal, Lab.settings(dir), preserve);
        long start = System.nanoTime();

        StepResult result = step.run("w-1", Progress.NONE);

        assertThat(result.succeeded()).as(result.message()).isTrue();
        assertThat(result.details().get("uuids")).contains(first.uuid().toString(), second.uuid().toString());
        for (LabGuest guest : new LabGuest[] {first, second}) {
            guest.console().awaitBeats(30, Duration.ofSeconds(20));
            assertThat(domains.find(guest.uuid()).orElseThrow().running()).isTrue();
            assertThat(guest.console().counterContinuous(start)).as(guest.name()).isTrue();
            assertThat(guest.console().patternOk(Duration.ofSeconds(30))).as(guest.name()).isTrue();
            System.out.printf("WARM_REBOOT %s: blackout %.0f ms%n", guest.name(), guest.console().maxGapMs(start));
        }
        assertThat(journal.open()).isEmpty();
        assertThat(step.run("w-1", Progress.NONE)).isEqualTo(result);
    }
}
