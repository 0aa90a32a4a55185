package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.molt.agent.journal.JournalEntry;
import io.molt.agent.journal.StepJournal;
import io.molt.agent.libvirt.DomainState;
import io.molt.agent.libvirt.DomainsException;
import io.molt.protocol.Commands;
import io.molt.protocol.GuestActionKind;
import io.molt.protocol.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PreserveGuests and RestoreGuests with several guests in hand at once ({@code guests.at-once}), on a
 * hypervisor in memory whose shutdowns and starts a test can hold back or fail (COLD_RESTART guests:
 * the holds and saves of the other actions need QEMU, HostGuestsAtOnceIT).
 */
class GuestsAtOnceTest {

    @TempDir
    Path dir;

    private final InMemoryDomains domains = new InMemoryDomains();
    private final List<Reported> reports = new CopyOnWriteArrayList<>();
    private final Progress progress = (phase, percent, message) -> reports.add(new Reported(phase, percent, message));

    private record Reported(String phase, int percent, String message) {
    }

    @Test
    void takesThreeGuestsDownAtOnceWhileTheFourthWaitsForOneOfThem() throws Exception {
        List<UUID> guests = domains.running("guest", 5);
        CountDownLatch release = new CountDownLatch(1);
        domains.beforeShutdown(uuid -> awaitLatch(release));

        CompletableFuture<StepResult> step = CompletableFuture.supplyAsync(
                () -> preserveGuests(3).run("preserve-1", coldRestart(guests), progress));

        await().atMost(Duration.ofSeconds(10)).until(() -> domains.inProgress() == 3);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> domains.shutdowns().size() == 3);
        assertThat(domains.shutdowns()).containsExactlyInAnyOrderElementsOf(guests.subList(0, 3));
        release.countDown();
        StepResult result = step.get(10, TimeUnit.SECONDS);

        assertThat(result.outcome()).as(result.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(domains.mostAtOnce()).isEqualTo(3);
        guests.forEach(g -> assertThat(result.details()).containsEntry("guest." + g, "shut down").containsKey("down_at." + g));
        guests.forEach(g -> assertThat(domains.state(g)).isEqualTo(DomainState.SHUTOFF));
        assertJournaledBeforeAndAfter("preserve-1", guests);
        assertThat(reports).map(Reported::percent).isSorted().last().isEqualTo(100);
        assertThat(reports).filteredOn(r -> r.phase().equals("GUEST_DOWN")).hasSize(5);
    }

    @Test
    void aFailedGuestStopsTheStartsAndTheGuestsInHandAreFollowedToTheirEnd() throws Exception {
        List<UUID> guests = domains.running("guest", 5);
        UUID slow = guests.get(0);
        UUID failing = guests.get(1);
        CountDownLatch release = new CountDownLatch(1);
        domains.beforeShutdown(uuid -> {
            if (uuid.equals(slow)) {
                awaitLatch(release);
            } else if (uuid.equals(failing)) {
                throw new DomainsException("the guest has no ACPI");
            }
        });

        CompletableFuture<StepResult> step = CompletableFuture.supplyAsync(
                () -> preserveGuests(2).run("preserve-1", coldRestart(guests), progress));
        await().atMost(Duration.ofSeconds(10)).until(() -> reports.stream().anyMatch(r -> r.phase().equals("GUEST_FAILED")));
        release.countDown(); // the slow one ends only after the failure was known: the pool must start no other
        StepResult result = step.get(10, TimeUnit.SECONDS);

        assertThat(result.outcome()).isEqualTo(Report.Outcome.FAILED);
        assertThat(result.message()).startsWith("COLD_RESTART of " + failing + " failed: shutdown failed: the guest has no ACPI")
                .contains("stay down", "nova-compute stays stopped");
        assertThat(domains.shutdowns()).containsExactlyInAnyOrder(slow, failing);
        assertThat(result.details()).containsEntry("guest." + slow, "shut down").doesNotContainKey("guest." + failing)
                .containsEntry("failed." + failing, "shutdown failed: the guest has no ACPI");
        assertThat(domains.state(slow)).isEqualTo(DomainState.SHUTOFF);
        guests.subList(1, 5).forEach(g -> assertThat(domains.state(g)).isEqualTo(DomainState.RUNNING));
        List<JournalEntry> entries = journal().entries("preserve-1");
        assertThat(entries).map(JournalEntry::phase).containsExactlyInAnyOrder("BEGUN", "TAKING_DOWN", "TAKING_DOWN",
                "GUEST_DOWN", "FAILED");
        assertThat(entries.get(entries.size() - 1).phase()).isEqualTo("FAILED");
        assertJournaledBeforeAndAfter("preserve-1", List.of(slow));
    }

    @Test
    void oneAtATimeGoesInPlanOrderBothWays() {
        List<UUID> created = domains.running("guest", 4);
        List<UUID> plan = List.of(created.get(2), created.get(0), created.get(3), created.get(1));

        StepResult down = preserveGuests(1).run("preserve-1", coldRestart(plan), progress);
        StepResult up = restoreGuests(1, List.of()).run("restore-1", new Commands.RestoreGuests(false, actions(plan)), progress);

        assertThat(down.outcome()).as(down.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(up.outcome()).as(up.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(domains.shutdowns()).containsExactlyElementsOf(plan);
        assertThat(domains.starts()).containsExactlyElementsOf(plan);
        assertThat(domains.mostAtOnce()).isEqualTo(1);
        List<JournalEntry> entries = journal().entries("preserve-1");
        assertThat(entries).map(JournalEntry::phase).containsExactly("BEGUN", "TAKING_DOWN", "GUEST_DOWN", "TAKING_DOWN",
                "GUEST_DOWN", "TAKING_DOWN", "GUEST_DOWN", "TAKING_DOWN", "GUEST_DOWN", "DONE");
        for (int i = 0; i < plan.size(); i++) {
            assertThat(entries.get(1 + 2 * i).data()).as("guest %d of the plan", i).containsKey("down_at." + plan.get(i))
                    .doesNotContainKey("guest." + plan.get(i));
        }
    }

    @Test
    void theCommandAgainAfterACrashSkipsTheGuestsAlreadyDown() {
        List<UUID> guests = domains.running("guest", 4);
        AtomicBoolean killed = new AtomicBoolean();
        domains.beforeShutdown(uuid -> {
            if (uuid.equals(guests.get(2)) && killed.compareAndSet(false, true)) {
                throw new IllegalStateException("agent killed");
            }
        });

        assertThatThrownBy(() -> preserveGuests(2).run("preserve-1", coldRestart(guests), progress)).hasMessage("agent killed");
        assertThat(journal().last("preserve-1").orElseThrow().terminal()).as("open: the broker delivers it again").isFalse();
        StepResult again = preserveGuests(2).run("preserve-1", coldRestart(guests), progress);
        StepResult retry = preserveGuests(2).run("preserve-2", coldRestart(guests), progress);

        assertThat(again.outcome()).as(again.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(retry.outcome()).as(retry.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        guests.forEach(g -> assertThat(again.details()).containsEntry("guest." + g, "shut down"));
        guests.forEach(g -> assertThat(retry.details()).containsEntry("guest." + g, "shut down").doesNotContainKey("down_at." + g));
        for (UUID g : guests) {
            assertThat(Collections.frequency(domains.shutdowns(), g)).as("shutdowns of " + g)
                    .isEqualTo(g.equals(guests.get(2)) ? 2 : 1); // the one cut short, and once for real
        }
    }

    @Test
    void bringsThreeGuestsBackAtOnceAndStartsNovaComputeOnlyWhenAllRun() throws Exception {
        List<UUID> guests = domains.running("guest", 4);
        Path novaStarted = dir.resolve("nova-started");
        preserveGuests(4).run("preserve-1", coldRestart(guests), progress);
        CountDownLatch release = new CountDownLatch(1);
        domains.beforeStart(uuid -> awaitLatch(release));

        RestoreGuests restore = restoreGuests(3, startScript(novaStarted));
        CompletableFuture<StepResult> step = CompletableFuture.supplyAsync(
                () -> restore.run("restore-1", new Commands.RestoreGuests(true, actions(guests)), progress));
        await().atMost(Duration.ofSeconds(10)).until(() -> domains.inProgress() == 3);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> domains.starts().size() == 3);
        assertThat(novaStarted).doesNotExist();
        release.countDown();
        StepResult result = step.get(10, TimeUnit.SECONDS);

        assertThat(result.outcome()).as(result.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(domains.mostAtOnce()).isEqualTo(3);
        guests.forEach(g -> assertThat(result.details()).containsEntry("guest." + g, "booted").containsKey("downtime_ms." + g)
                .doesNotContainKey("restoring." + g));
        assertThat(novaStarted).exists();
    }

    @Test
    void aGuestThatDoesNotComeBackKeepsNovaComputeStoppedButNotTheOthersDown() throws Exception {
        List<UUID> guests = domains.running("guest", 4);
        Path novaStarted = dir.resolve("nova-started");
        preserveGuests(4).run("preserve-1", coldRestart(guests), progress);
        AtomicBoolean broken = new AtomicBoolean(true);
        domains.beforeStart(uuid -> {
            if (uuid.equals(guests.get(1)) && broken.get()) {
                throw new DomainsException("no room for its RAM");
            }
        });

        StepResult failed = restoreGuests(2, startScript(novaStarted))
                .run("restore-1", new Commands.RestoreGuests(true, actions(guests)), progress);
        broken.set(false);
        StepResult retry = restoreGuests(2, startScript(novaStarted))
                .run("restore-2", new Commands.RestoreGuests(true, actions(guests)), progress);

        assertThat(failed.outcome()).isEqualTo(Report.Outcome.FAILED);
        assertThat(failed.message()).startsWith("not every guest is back (" + guests.get(1) + ": start of guest-1 failed")
                .contains("nova-compute left stopped");
        assertThat(List.of(guests.get(0), guests.get(2), guests.get(3))).allSatisfy(g ->
                assertThat(failed.details()).containsEntry("guest." + g, "booted").containsKey("downtime_ms." + g));
        assertThat(retry.outcome()).as(retry.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(retry.details()).containsEntry("guest." + guests.get(1), "booted").containsEntry("guest." + guests.get(0), "running");
        assertThat(Collections.frequency(domains.starts(), guests.get(0))).isEqualTo(1);
        assertThat(novaStarted).exists();
    }

    /** Every entry holds what the one before it held; each guest is journaled taking down before it is down. */
    private void assertJournaledBeforeAndAfter(String operationId, List<UUID> guests) {
        List<JournalEntry> entries = journal().entries(operationId);
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).data().keySet()).containsAll(entries.get(i - 1).data().keySet());
        }
        for (UUID g : guests) {
            int taking = firstWith(entries, "down_at." + g);
            int down = firstWith(entries, "guest." + g);
            assertThat(entries.get(taking).phase()).isEqualTo("TAKING_DOWN");
            assertThat(entries.get(down).phase()).isEqualTo("GUEST_DOWN");
            assertThat(taking).isLessThan(down);
        }
    }

    private static int firstWith(List<JournalEntry> entries, String key) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).data().containsKey(key)) {
                return i;
            }
        }
        throw new AssertionError("no journal entry has " + key);
    }

    private PreserveGuests preserveGuests(int atOnce) {
        StepJournal journal = journal();
        PreservationSettings settings = settings();
        return new PreserveGuests(domains, journal, new PreserveReplace(domains, journal, settings, Faults.NONE),
                new SuspendToDisk(domains, journal, settings), new Prechecks(domains, settings, journal),
                new NovaCompute(List.of(), List.of()), Duration.ofSeconds(5), Clock.systemUTC(), new GuestPool(atOnce));
    }

    private RestoreGuests restoreGuests(int atOnce, List<String> novaStart) {
        StepJournal journal = journal();
        PreservationSettings settings = settings();
        return new RestoreGuests(domains, journal, new PreserveReplace(domains, journal, settings, Faults.NONE),
                new SuspendToDisk(domains, journal, settings), new NovaCompute(List.of(), novaStart),
                new HostBoot(HostReboot.NONE, dir.resolve("state")), Clock.systemUTC(), new GuestPool(atOnce));
    }

    private PreservationSettings settings() {
        return new PreservationSettings(dir.resolve("qemu.conf"), dir.resolve("hooks/qemu"), dir.resolve("state"),
                dir.resolve("qmp"), List.of("/bin/true"), false);
    }

    private StepJournal journal() {
        return new StepJournal(dir.resolve("journal"), Clock.systemUTC());
    }

    private static List<String> startScript(Path marker) throws Exception {
        Files.createDirectories(marker.getParent());
        return List.of("/bin/sh", "-c", "touch " + marker);
    }

    private static Commands.PreserveGuests coldRestart(List<UUID> guests) {
        return new Commands.PreserveGuests(false, actions(guests));
    }

    private static List<Commands.GuestAction> actions(List<UUID> guests) {
        return guests.stream().map(g -> new Commands.GuestAction(g.toString(), GuestActionKind.COLD_RESTART)).toList();
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never released the latch");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
