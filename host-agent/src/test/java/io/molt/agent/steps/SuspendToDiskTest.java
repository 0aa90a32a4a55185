package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.agent.journal.StepJournal;
import io.molt.agent.libvirt.DomainState;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A managed save that an agent journaled ({@code SAVING}) and did not see end, finished by the run of the agent
 * started next (found by {@code AgentFaultsCampaignIT}: the agent SIGKILLed just after the journal entry, the guest
 * still running, and the next run took that for a failed save).
 */
class SuspendToDiskTest {

    @TempDir
    Path dir;

    private final InMemoryDomains domains = new InMemoryDomains();

    @Test
    void aSaveWhoseAgentDiedBeforeCallingLibvirtIsMadeByTheNextRun() {
        UUID guest = domains.running("g", 1).get(0);
        StepJournal journal = journal();
        journal.record("op.0", SuspendToDisk.SUSPEND, "SAVING", Map.of("uuid", guest.toString(), "name", "g-0"));

        StepResult result = new SuspendToDisk(domains, journal, settings()).suspend("op.0", guest, Progress.NONE);

        assertThat(result.succeeded()).as(result.message()).isTrue();
        assertThat(domains.managedSaves()).containsExactly(guest);
        assertThat(domains.state(guest)).isEqualTo(DomainState.SHUTOFF);
        assertThat(journal.count("op.0", "SAVING")).as("journaled again before the save").isEqualTo(2);
        assertThat(journal.last("op.0").orElseThrow().phase()).isEqualTo("DONE");
    }

    @Test
    void aSaveUnderWayWhenItsAgentDiedIsAwaitedAndNotMadeAgain() throws Exception {
        UUID guest = domains.running("g", 1).get(0);
        domains.pause(guest); // libvirt's save, called by the agent that died, keeps the guest paused until it ends
        StepJournal journal = journal();
        journal.record("op.0", SuspendToDisk.SUSPEND, "SAVING", Map.of("uuid", guest.toString(), "name", "g-0"));
        CompletableFuture<Void> saveEnds = CompletableFuture.runAsync(() -> domains.saved(guest),
                CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));

        StepResult result = new SuspendToDisk(domains, journal, settings()).suspend("op.0", guest, Progress.NONE);

        saveEnds.join();
        assertThat(result.succeeded()).as(result.message()).isTrue();
        assertThat(domains.managedSaves()).as("no second save").isEmpty();
        assertThat(domains.state(guest)).isEqualTo(DomainState.SHUTOFF);
        assertThat(journal.count("op.0", "SAVING")).isEqualTo(1);
    }

    @Test
    void aSaveThatKeepsFailingIsMadeAtMostThreeTimes() {
        UUID guest = domains.running("g", 1).get(0);
        StepJournal journal = journal();
        for (int i = 0; i < SuspendToDisk.MAX_ATTEMPTS; i++) {
            journal.record("op.0", SuspendToDisk.SUSPEND, "SAVING", Map.of("uuid", guest.toString(), "name", "g-0"));
        }

        StepResult result = new SuspendToDisk(domains, journal, settings()).suspend("op.0", guest, Progress.NONE);

        assertThat(result.succeeded()).isFalse();
        assertThat(domains.managedSaves()).isEmpty();
        assertThat(domains.state(guest)).as("the guest runs on").isEqualTo(DomainState.RUNNING);
    }

    private StepJournal journal() {
        return new StepJournal(dir.resolve("journal"), Clock.systemUTC());
    }

    private PreservationSettings settings() {
        return new PreservationSettings(dir.resolve("qemu.conf"), dir.resolve("hooks/qemu"), dir.resolve("state"),
                dir.resolve("qmp"), List.of("/bin/true"), false);
    }
}
