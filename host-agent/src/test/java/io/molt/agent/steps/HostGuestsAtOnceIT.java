package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.agent.commands.CommandDispatcher;
import io.molt.agent.commands.CommandLedger;
import io.molt.agent.commands.ProgressSink;
import io.molt.agent.config.AgentConfigKey;
import io.molt.agent.journal.JournalEntry;
import io.molt.agent.lab.Lab;
import io.molt.agent.lab.LabGuest;
import io.molt.agent.lab.LabTest;
import io.molt.protocol.Commands;
import io.molt.protocol.GuestActionKind;
import io.molt.protocol.Report;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Three real QEMU guests held by one PreserveGuests and restored by one RestoreGuests, one at a time and
 * then with the default {@code guests.at-once} (4: all three at once). Prints the times of each round;
 * {@code MOLT_IT_ROUNDS=n} in the environment runs n rounds of each.
 */
class HostGuestsAtOnceIT extends LabTest {

    private static final int DEFAULT_AT_ONCE = Integer.parseInt(AgentConfigKey.GUESTS_AT_ONCE.defaultValue());

    private record Round(int atOnce, long downMs, long upMs, long maxDowntimeMs, long meanDowntimeMs) {
    }

    @Test
    void threeGuestsHeldAndRestoredAtOnceKeepTheirMemoryAndRun() {
        List<LabGuest> guests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            guests.add(guest("molt-it-atonce-" + i, 256, 64));
        }
        List<Commands.GuestAction> actions = guests.stream()
                .map(g -> new Commands.GuestAction(g.uuid().toString(), GuestActionKind.PRESERVE)).toList();
        guests.forEach(g -> g.console().awaitBeats(20, Duration.ofSeconds(20)));
        long start = System.nanoTime();
        int rounds = Integer.parseInt(System.getenv().getOrDefault("MOLT_IT_ROUNDS", "1"));

        List<Round> done = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (int atOnce : new int[] {1, DEFAULT_AT_ONCE}) {
                Round round = round("r" + r + "-" + atOnce, atOnce, guests, actions);
                done.add(round);
                System.out.printf("3 guests of 256 MiB, PRESERVE, guests.at-once %d: taken down in %d ms, back in %d ms,"
                        + " downtime longest %d ms, mean %d ms%n", atOnce, round.downMs(), round.upMs(), round.maxDowntimeMs(),
                        round.meanDowntimeMs());
            }
        }

        for (LabGuest guest : guests) {
            guest.console().awaitBeats(20, Duration.ofSeconds(20));
            assertThat(guest.console().counterContinuous(start)).as(guest.name() + ": heartbeat went on without a restart").isTrue();
            assertThat(guest.console().patternOk(Duration.ofSeconds(30))).as(guest.name() + ": memory pattern intact").isTrue();
        }
        assertThat(journal().open()).isEmpty();
        if (rounds > 1) {
            for (int atOnce : new int[] {1, DEFAULT_AT_ONCE}) {
                List<Round> of = done.stream().filter(d -> d.atOnce() == atOnce).toList();
                System.out.printf("guests.at-once %d, median of %d rounds: down %d ms, back %d ms, downtime longest %d ms,"
                        + " mean %d ms%n", atOnce, of.size(), median(of.stream().map(Round::downMs).toList()),
                        median(of.stream().map(Round::upMs).toList()), median(of.stream().map(Round::maxDowntimeMs).toList()),
                        median(of.stream().map(Round::meanDowntimeMs).toList()));
            }
        }
    }

    @Test
    void managedSavesGoOneAtATimeEvenWithLanesFreeAndBothGuestsComeBack() {
        List<LabGuest> guests = List.of(guest("molt-it-atonce-save-0", 256, 64), guest("molt-it-atonce-save-1", 256, 64));
        List<Commands.GuestAction> actions = guests.stream()
                .map(g -> new Commands.GuestAction(g.uuid().toString(), GuestActionKind.SUSPEND_TO_DISK)).toList();
        CommandDispatcher agent = dispatcher(DEFAULT_AT_ONCE);

        Report.CommandResult down = agent.dispatch("preserve-saves", new Commands.PreserveGuests(false, actions),
                ProgressSink.NONE);
        assertThat(down.outcome()).as(down.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        String first = WarmReboot.sub("preserve-saves", 0);
        String second = WarmReboot.sub("preserve-saves", 1);
        assertThat(!phaseAt(second, "SAVING").isBefore(phaseAt(first, "DONE"))
                || !phaseAt(first, "SAVING").isBefore(phaseAt(second, "DONE")))
                .as("one save began only once the other was written").isTrue();

        Report.CommandResult up = agent.dispatch("restore-saves", new Commands.RestoreGuests(false, actions),
                ProgressSink.NONE);
        assertThat(up.outcome()).as(up.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        for (LabGuest guest : guests) {
            assertThat(up.details()).containsEntry("guest." + guest.uuid(), "resumed from its managed save");
            assertThat(domains.find(guest.uuid()).orElseThrow().running()).isTrue();
            assertThat(guest.console().patternOk(Duration.ofSeconds(60))).as(guest.name() + ": memory pattern intact").isTrue();
        }
    }

    private Instant phaseAt(String operationId, String phase) {
        return journal().entries(operationId).stream().filter(e -> e.phase().equals(phase)).findFirst().orElseThrow().at();
    }

    private CommandDispatcher dispatcher(int atOnce) {
        return new CommandDispatcher(new CommandLedger(dir), new Preservation(domains, journal(), Lab.settings(dir),
                Faults.NONE, null, new NovaCompute(List.of(), List.of()), "compute-1", HostReboot.NONE,
                Duration.ofSeconds(30), atOnce, Clock.systemUTC()).handlers());
    }

    private Round round(String id, int atOnce, List<LabGuest> guests, List<Commands.GuestAction> actions) {
        CommandDispatcher agent = dispatcher(atOnce);
        long t0 = System.nanoTime();
        Report.CommandResult down = agent.dispatch("preserve-" + id, new Commands.PreserveGuests(false, actions), ProgressSink.NONE);
        long t1 = System.nanoTime();
        assertThat(down.outcome()).as(down.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        guests.forEach(g -> assertThat(down.details()).containsEntry("guest." + g.uuid(), "preserved"));
        List<Instant[]> holds = holds("preserve-" + id, guests.size());
        if (atOnce == 1) {
            for (int i = 1; i < holds.size(); i++) {
                assertThat(holds.get(i)[0]).as("hold %d began after hold %d was saved", i, i - 1).isAfterOrEqualTo(holds.get(i - 1)[1]);
            }
        } else {
            assertThat(holds.get(1)[0]).as("the second hold began before the first was saved: two in hand at once")
                    .isBefore(holds.get(0)[1]);
        }

        Report.CommandResult up = agent.dispatch("restore-" + id, new Commands.RestoreGuests(false, actions), ProgressSink.NONE);
        long t2 = System.nanoTime();
        assertThat(up.outcome()).as(up.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        List<Long> downtimes = new ArrayList<>();
        for (LabGuest guest : guests) {
            assertThat(up.details()).containsEntry("guest." + guest.uuid(), "restored with its RAM kept");
            assertThat(domains.find(guest.uuid()).orElseThrow().running()).isTrue();
            downtimes.add(Long.parseLong(up.details().get("downtime_ms." + guest.uuid())));
        }
        return new Round(atOnce, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                downtimes.stream().mapToLong(Long::longValue).max().orElseThrow(),
                downtimes.stream().mapToLong(Long::longValue).sum() / downtimes.size());
    }

    /** Per guest in plan order: when its hold (PRESERVE_REPLACE {@code <id>.<n>}) began and when it was saved. */
    private List<Instant[]> holds(String operationId, int count) {
        List<Instant[]> holds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<JournalEntry> entries = journal().entries(WarmReboot.sub(operationId, i));
            Instant begun = entries.stream().filter(e -> e.phase().equals("BEGUN")).findFirst().orElseThrow().at();
            Instant saved = entries.stream().filter(e -> e.phase().equals("SAVED")).findFirst().orElseThrow().at();
            holds.add(new Instant[] {begun, saved});
        }
        return holds;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
