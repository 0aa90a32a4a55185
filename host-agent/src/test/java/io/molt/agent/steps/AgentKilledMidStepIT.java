package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.agent.journal.JournalEntry;
import io.molt.agent.journal.StepJournal;
import io.molt.agent.lab.LabAgent;
import io.molt.agent.lab.LabBroker;
import io.molt.agent.lab.LabGuest;
import io.molt.agent.lab.LabTest;
import io.molt.agent.libvirt.DomainInfo;
import io.molt.agent.libvirt.DomainState;
import io.molt.protocol.Command;
import io.molt.protocol.Commands;
import io.molt.protocol.GuestActionKind;
import io.molt.protocol.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's agent fault on the virt lab: the built agent, as its own process behind the broker, SIGKILLed in
 * the middle of PreserveGuests and of RestoreGuests (after the first of two guests and before the second), then
 * started again on the same state directory; the broker delivers the unacknowledged command to the new process,
 * which finishes it. Each round kills at another of the points below ({@link #preservePoints}, {@link #restorePoints}):
 * with the first guest's take-down journaled but not begun, mid-save, held; with its restore journaled, its new QEMU
 * loading the state, running but not yet verified, verified; or with the second guest's begun. After each round:
 * both guests run (not paused), their heartbeat counters never went down, their memory patterns verify, each was
 * held once a round and each hold finished, nothing is left open in the journal, nova-compute was stopped and
 * started once, and every result of both commands is SUCCEEDED. A second test kills with both guests in hand
 * ({@code guests.at-once=2}). A kill that lands after the step's end (the agent finished it between the poll and the
 * kill) is printed as such.
 */
class AgentKilledMidStepIT extends LabTest {

    private static final String HOST = "compute-agentkill";
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(180);

    private Path config;
    /** The agents' journal, read as they write it. */
    private StepJournal journal;
    private int agents;

    @Test
    void anAgentKilledBetweenTheFirstGuestAndTheSecondFinishesBothStepsOnRestart() throws Exception {
        killRounds(1, 10, this::preservePoints, this::restorePoints); // each of the 10 kill points twice
    }

    /** With the default's parallelism: both guests in hand when the agent dies. */
    @Test
    void anAgentKilledWithBothGuestsInHandFinishesBothStepsOnRestart() throws Exception {
        killRounds(2, 4, this::preservePointsBothInHand, this::restorePointsBothInHand);
    }

    /** The kill points of one step, for the command {@code id} on the guests {@code first} and {@code second}. */
    @FunctionalInterface
    private interface KillPoints {
        List<KillPoint> of(String id, LabGuest first, LabGuest second);
    }

    /** {@code rounds} of PreserveGuests then RestoreGuests, each killed at the round's next point. */
    private void killRounds(int atOnce, int rounds, KillPoints preservePoints, KillPoints restorePoints) throws Exception {
        LabGuest a = guest("molt-agentkill-a", 256, 32);
        LabGuest b = guest("molt-agentkill-b", 256, 32);
        List<Commands.GuestAction> plan = List.of(new Commands.GuestAction(a.uuid().toString(), GuestActionKind.PRESERVE),
                new Commands.GuestAction(b.uuid().toString(), GuestActionKind.PRESERVE));
        journal = new StepJournal(dir.resolve("agent-state/journal"), Clock.systemUTC());
        long start = System.nanoTime();
        try (LabBroker broker = new LabBroker(HOST)) {
            Path novaLog = dir.resolve("nova-compute.log");
            config = LabAgent.config(dir, HOST, LabBroker.URI, broker.prefix(), List.of("guests.at-once=" + atOnce,
                    "nova-compute.stop-command=" + novaScript("stop", novaLog),
                    "nova-compute.start-command=" + novaScript("start", novaLog)));
            LabAgent agent = startAgent(broker);
            try {
                for (int round = 0; round < rounds; round++) {
                    String preserveId = "preserve-" + round;
                    List<KillPoint> downs = preservePoints.of(preserveId, a, b);
                    KillPoint down = downs.get(round % downs.size());
                    agent = killMidStep(broker, agent, preserveId, new Commands.PreserveGuests(true, plan), down,
                            () -> "guests " + state(a) + ", " + state(b) + "; first hold " + journal.last(WarmReboot.sub(preserveId, 0))
                                    .map(JournalEntry::phase).orElse("none") + "; second journaled down: "
                                    + stepData(journal, preserveId).containsKey("guest." + b.uuid()));
                    assertSucceeded(broker, preserveId);
                    assertThat(state(a)).as("held").isEqualTo(DomainState.SHUTOFF);
                    assertThat(state(b)).as("held").isEqualTo(DomainState.SHUTOFF);

                    String restoreId = "restore-" + round;
                    List<KillPoint> ups = restorePoints.of(restoreId, a, b);
                    KillPoint up = ups.get(round % ups.size());
                    agent = killMidStep(broker, agent, restoreId, new Commands.RestoreGuests(true, plan), up,
                            () -> "guests " + state(a) + ", " + state(b) + "; second journaled up: "
                                    + stepData(journal, restoreId).containsKey("downtime_ms." + b.uuid()));
                    assertSucceeded(broker, restoreId);

                    for (LabGuest guest : List.of(a, b)) {
                        assertThat(state(guest)).as(guest.name() + " runs, not paused").isEqualTo(DomainState.RUNNING);
                        guest.console().awaitBeats(30, Duration.ofSeconds(30));
                        assertThat(guest.console().counterContinuous(start)).as(guest.name() + "'s heartbeat counter never went down")
                                .isTrue();
                        assertThat(guest.console().patternOk(Duration.ofSeconds(60))).as(guest.name() + "'s memory pattern").isTrue();
                        List<JournalEntry> holds = holdsOf(journal, guest);
                        assertThat(holds).filteredOn(e -> saved(journal, e)).as(guest.name() + " taken down once a round,"
                                + " each hold finished").hasSize(round + 1).allMatch(e -> e.phase().equals("DONE"));
                        assertThat(holds).filteredOn(e -> !saved(journal, e)).as(guest.name() + "'s holds cut short"
                                + " before their save, rolled back").allMatch(e -> e.phase().equals("ROLLED_BACK"));
                    }
                    assertThat(journal.open()).as("nothing left open in the journal").isEmpty();
                    assertThat(Files.readAllLines(novaLog)).as("nova-compute stopped and started once a round")
                            .isEqualTo(Collections.nCopies(round + 1, List.of("stop", "start")).stream()
                                    .flatMap(List::stream).toList());
                }
            } finally {
                agent.close();
            }
        }
    }

    /**
     * Sends the command, SIGKILLs the agent as soon as the kill point is reached (the guests' states at that
     * moment are printed), starts a new agent on the same state directory and returns it.
     */
    private LabAgent killMidStep(LabBroker broker, LabAgent agent, String id, Command command, KillPoint point,
                                 Supplier<String> second) throws Exception {
        broker.send(id, command);
        long sent = System.nanoTime();
        long deadline = sent + STEP_TIMEOUT.toNanos();
        while (!point.reached().getAsBoolean()) {
            assertThat(System.nanoTime()).as("the kill point '" + point + "' not reached; agent output:\n" + agent.output())
                    .isLessThan(deadline);
            assertThat(broker.results(id)).as("the step ended before the kill point '" + point + "'").isEmpty();
            LockSupport.parkNanos(5_000_000);
        }
        agent.kill();
        long killedMs = (System.nanoTime() - sent) / 1_000_000;
        String where = second.get();
        // near a step's end the agent may finish it between the poll and the kill: then the kill was not mid-step
        boolean ended = journal.last(id).map(JournalEntry::terminal).orElse(false);
        LabAgent next = startAgent(broker);
        Report.CommandResult result = broker.awaitResult(id, STEP_TIMEOUT);
        String leftRestore = next.output().lines().filter(l -> l.contains("left by a stopped agent"))
                .map(l -> "; " + l.substring(l.indexOf(" - ") + 3)).collect(java.util.stream.Collectors.joining());
        System.out.printf("agent SIGKILLed %d ms into %s (%s)%s; the restarted agent's result after %d ms: %s %s%s%n",
                killedMs, point, where, ended ? " AFTER THE STEP'S END, not mid-step" : "",
                (System.nanoTime() - sent) / 1_000_000, result.outcome(), result.message(), leftRestore);
        return next;
    }

    /** Where an agent is killed: {@code reached} holds from that moment on. */
    private record KillPoint(String name, BooleanSupplier reached) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Kill points of PreserveGuests, all after the first guest's take-down began and before the second's ended. */
    private List<KillPoint> preservePoints(String id, LabGuest first, LabGuest second) {
        return List.of(
                new KillPoint("PreserveGuests, the first guest's take-down journaled",
                        () -> stepData(journal, id).containsKey(PreserveGuests.DOWN_AT + first.uuid())),
                new KillPoint("PreserveGuests, the first guest's hold begun",
                        () -> journal.last(WarmReboot.sub(id, 0)).isPresent()),
                new KillPoint("PreserveGuests, the first guest paused or stopped by its save",
                        () -> state(first) != DomainState.RUNNING),
                new KillPoint("PreserveGuests, the first guest's hold journaled",
                        () -> stepData(journal, id).containsKey("guest." + first.uuid())),
                new KillPoint("PreserveGuests, the second guest's take-down journaled",
                        () -> stepData(journal, id).containsKey(PreserveGuests.DOWN_AT + second.uuid())));
    }

    /** Kill points of RestoreGuests, all after the first guest's restore began and before the second's ended. */
    private List<KillPoint> restorePoints(String id, LabGuest first, LabGuest second) {
        return List.of(
                new KillPoint("RestoreGuests, the first guest's restore journaled",
                        () -> stepData(journal, id).containsKey("restoring." + first.uuid())),
                new KillPoint("RestoreGuests, the first guest's new QEMU started",
                        () -> domains.qemuPid(first.name()).isPresent()),
                new KillPoint("RestoreGuests, the first guest running again",
                        () -> state(first) == DomainState.RUNNING),
                new KillPoint("RestoreGuests, the first guest's return journaled",
                        () -> stepData(journal, id).containsKey("downtime_ms." + first.uuid())),
                new KillPoint("RestoreGuests, the second guest's restore journaled",
                        () -> stepData(journal, id).containsKey("restoring." + second.uuid())));
    }

    /** Kill points of PreserveGuests with both guests taken down at once. */
    private List<KillPoint> preservePointsBothInHand(String id, LabGuest first, LabGuest second) {
        return List.of(
                new KillPoint("PreserveGuests, both guests' take-downs journaled", () -> stepData(journal, id)
                        .keySet().containsAll(List.of(PreserveGuests.DOWN_AT + first.uuid(), PreserveGuests.DOWN_AT + second.uuid()))),
                new KillPoint("PreserveGuests, both guests paused or stopped by their saves",
                        () -> state(first) != DomainState.RUNNING && state(second) != DomainState.RUNNING));
    }

    /** Kill points of RestoreGuests with both guests brought back at once. */
    private List<KillPoint> restorePointsBothInHand(String id, LabGuest first, LabGuest second) {
        return List.of(
                new KillPoint("RestoreGuests, both guests' restores journaled", () -> stepData(journal, id)
                        .keySet().containsAll(List.of("restoring." + first.uuid(), "restoring." + second.uuid()))),
                new KillPoint("RestoreGuests, both guests' new QEMUs started",
                        () -> domains.qemuPid(first.name()).isPresent() && domains.qemuPid(second.name()).isPresent()));
    }

    /** A nova-compute control that only writes its verb to {@code log}. */
    private Path novaScript(String verb, Path log) throws Exception {
        Path script = dir.resolve("nova-" + verb);
        Files.writeString(script, "#!/bin/sh\necho " + verb + " >> " + log + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private LabAgent startAgent(LabBroker broker) {
        Instant since = Instant.now().minusMillis(5);
        LabAgent agent = LabAgent.start(config, ++agents);
        try {
            broker.awaitHello(since, Duration.ofSeconds(60));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; agent output:\n" + agent.output(), e);
        }
        return agent;
    }

    private static void assertSucceeded(LabBroker broker, String id) {
        List<Report.CommandResult> results = broker.results(id);
        assertThat(results).as("results of " + id).isNotEmpty()
                .allSatisfy(r -> assertThat(r.outcome()).as(r.message()).isEqualTo(Report.Outcome.SUCCEEDED));
    }

    private DomainState state(LabGuest guest) {
        return domains.find(guest.uuid()).map(DomainInfo::state).orElseThrow(() -> new AssertionError(guest.name() + " is lost"));
    }

    private static java.util.Map<String, String> stepData(StepJournal journal, String id) {
        return journal.last(id).map(JournalEntry::data).orElse(java.util.Map.of());
    }

    /** Whether the hold saved its guest (took it down). */
    private static boolean saved(StepJournal journal, JournalEntry hold) {
        return journal.entries(hold.operationId()).stream().anyMatch(e -> e.phase().equals("SAVED"));
    }

    /** The last entry of every hold (PRESERVE_REPLACE operation) of the guest. */
    private static List<JournalEntry> holdsOf(StepJournal journal, LabGuest guest) {
        return journal.lasts().stream().filter(e -> e.step().equals(PreserveReplace.STEP))
                .filter(e -> guest.uuid().toString().equals(e.data().get("uuid"))).toList();
    }
}
