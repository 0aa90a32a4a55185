package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.agent.journal.StepJournal;
import io.molt.agent.lab.Lab;
import io.molt.agent.lab.LabGuest;
import io.molt.agent.lab.LabTest;
import io.molt.agent.libvirt.DomainInfo;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** PRESERVE_REPLACE on a real QEMU guest shaped like a Nova instance, through libvirt. */
class PreserveReplaceIT extends LabTest {

    @Test
    void guestKeepsRunningWithItsMemoryOnANewQemu() {
        LabGuest guest = guest("molt-it-preserve", 256, 160);
        long qemuBefore = domains.qemuPid(guest.name()).orElseThrow();
        StepJournal journal = journal();
        PreserveReplace step = new PreserveReplace(domains, journal, Lab.settings(dir), Faults.NONE);

        long start = System.nanoTime();
        StepResult result = step.run("op-1", guest.uuid(), Progress.NONE);
        guest.console().awaitBeats(50, Duration.ofSeconds(10));

        assertThat(result.succeeded()).as(result.message()).isTrue();
        DomainInfo after = domains.find(guest.uuid()).orElseThrow();
        assertThat(after.running()).isTrue();
        assertThat(after.name()).isEqualTo(guest.name());
        assertThat(domains.qemuPid(guest.name()).orElseThrow()).isNotEqualTo(qemuBefore);
        assertThat(guest.console().counterContinuous(start)).as("heartbeat counter went on without a restart").isTrue();
        double blackout = guest.console().maxGapMs(start);
        assertThat(blackout).as("largest heartbeat gap (ms)").isLessThan(5_000);
        assertThat(guest.console().patternOk(Duration.ofSeconds(30))).as("memory pattern intact").isTrue();
        System.out.printf("PRESERVE_REPLACE 256 MiB: blackout %.0f ms, %s%n", blackout, result.details());

        var capabilities = Qmp.result(domains.monitorCommand(guest.uuid(), Qmp.command("query-migrate-capabilities")));
        assertThat(capabilities).filteredOn(c -> c.path("capability").asText().equals("x-ignore-shared"))
                .as("x-ignore-shared is off again, so that a later migration or save copies the RAM")
                .allMatch(c -> !c.path("state").asBoolean()).hasSize(1);

        StepResult again = step.run("op-1", guest.uuid(), Progress.NONE);
        assertThat(again).as("a repeated operation id answers with the recorded result").isEqualTo(result);
        assertThat(journal.open()).isEmpty();
    }

    @Test
    void aSecondReplacementOfTheSameDomainWorksToo() {
        LabGuest guest = guest("molt-it-preserve2", 256, 64);
        PreserveReplace step = new PreserveReplace(domains, journal(),
                Lab.settings(dir), Faults.NONE);
        long start = System.nanoTime();
        assertThat(step.run("op-a", guest.uuid(), Progress.NONE).succeeded()).isTrue();
        guest.console().awaitBeats(20, Duration.ofSeconds(10));
        StepResult second = step.run("op-b", guest.uuid(), Progress.NONE);
        guest.console().awaitBeats(20, Duration.ofSeconds(10));
        assertThat(second.succeeded()).as(second.message()).isTrue();
        assertThat(guest.console().counterContinuous(start)).isTrue();
        assertThat(guest.console().patternOk(Duration.ofSeconds(30))).isTrue();
    }
}
