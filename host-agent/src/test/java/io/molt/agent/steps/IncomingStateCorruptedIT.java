package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.agent.commands.CommandDispatcher;
import io.molt.agent.commands.CommandLedger;
import io.molt.agent.commands.ProgressSink;
import io.molt.agent.journal.JournalEntry;
import io.molt.agent.lab.Lab;
import io.molt.agent.lab.LabGuest;
import io.molt.agent.lab.LabTest;
import io.molt.agent.libvirt.DomainState;
import io.molt.protocol.Command;
import io.molt.protocol.Commands;
import io.molt.protocol.GuestActionKind;
import io.molt.protocol.Report;
import io.molt.protocol.UpgradeTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The campaign's host commands on a real QEMU guest when the saved device state changes between its save and its
 * restore: the upgrade command (run here between PreserveGuests and RestoreGuests) overwrites bytes in the middle of
 * the state file, where libvirt 9.0 and QEMU 7.2 would load them without a word. The agent restores from the copy it
 * kept; when the copy changed too, it reports the guest not restored, boots nothing, deletes nothing, leaves
 * nova-compute stopped, and restores the guest once a good copy is back.
 */
class IncomingStateCorruptedIT extends LabTest {

    /** Offset of the overwritten bytes: past libvirt's header and XML, inside QEMU's stream (about 0.3 MiB). */
    private static final int OFFSET = 180_000;

    @Test
    void aStateFileChangedBeforeTheRestoreIsRestoredFromItsCopy() throws Exception {
        Held h = preserved("molt-it-incoming-copy");
        LabGuest guest = h.guest();
        JournalEntry held = h.hold();
        Path state = h.state();
        assertThat(held.data()).containsEntry(SavedState.SHA, SavedState.sha256(state).orElseThrow())
                .containsEntry(SavedState.COPY, state + ".copy");
        assertThat(send(h.agent(), "upgrade-1", overwrite(state.getFileName().toString())).outcome()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(SavedState.sha256(state)).as("the upgrade changed the state file").isPresent()
                .isNotEqualTo(Optional.of(held.get(SavedState.SHA)));

        Report.CommandResult restored = send(h.agent(), "restore-1", new Commands.RestoreGuests(true, h.guests()));
        assertThat(restored.outcome()).as(restored.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(restored.details()).containsEntry("guest." + guest.uuid(), "restored with its RAM kept");
        wentOn(h);

        JournalEntry done = journal().last(held.operationId()).orElseThrow();
        assertThat(done.phase()).isEqualTo("DONE");
        assertThat(done.get("state_damaged")).startsWith(state + " has sha256").endsWith("restored from its copy " + state + ".copy");
        assertThat(state).as("released once the restore was verified").doesNotExist();
        assertThat(Path.of(state + ".copy")).doesNotExist();
        assertThat(Files.readAllLines(h.marker())).containsExactly("stop", "start");
        System.out.printf("state file overwritten, restored from its copy, 256 MiB: blackout %.0f ms, state file %d bytes kept twice"
                + " in %s ms, downtime %s ms%n", guest.console().maxGapMs(h.start()),
                Long.parseLong(done.get("state_bytes")), done.get("state_keep_ms"), restored.details().get("downtime_ms." + guest.uuid()));
        assertThat(journal().open()).isEmpty();
    }

    @Test
    void stateAndCopyChangedIsReportedNotBootedNothingDeletedAndRestoredOnceTheCopyIsBack() throws Exception {
        Held h = preserved("molt-it-incoming-both");
        LabGuest guest = h.guest();
        JournalEntry held = h.hold();
        Path state = h.state();
        Path copy = Path.of(held.get(SavedState.COPY));
        byte[] saved = Files.readAllBytes(copy);
        Map<String, Path> ram = new RamKeeper(QemuConf.keepDir(QemuConf.memoryBackingDir(Lab.settings(dir).qemuConf())
                .orElseThrow())).kept(guest.uuid());
        assertThat(send(h.agent(), "upgrade-1", overwrite(state.getFileName() + "*")).outcome()).isEqualTo(Report.Outcome.SUCCEEDED);

        for (String id : List.of("restore-1", "restore-2")) { // the engine's retry sends it again under a new id
            Report.CommandResult refused = send(h.agent(), id, new Commands.RestoreGuests(true, h.guests()));
            assertThat(refused.outcome()).isEqualTo(Report.Outcome.FAILED);
            assertThat(refused.message()).contains("not every guest is back", "the saved device state of " + guest.name()
                    + " is not as saved", "its copy " + copy, "not restored and not booted", "nova-compute left stopped");
            assertThat(refused.details()).containsEntry("outcome." + guest.uuid(), "FAILED");
            assertThat(domains.find(guest.uuid()).orElseThrow().state()).as("not booted").isEqualTo(DomainState.SHUTOFF);
            assertThat(journal().last(held.operationId()).orElseThrow().phase()).isEqualTo("STATE_CORRUPTED");
            assertThat(ram.values()).as("kept RAM stays").allMatch(Files::isRegularFile);
            assertThat(state).exists();
            assertThat(copy).exists();
            assertThat(Files.readAllLines(h.marker())).as("nova-compute not started").containsExactly("stop");
        }

        Files.write(copy, saved); // the operator puts a good copy back
        Report.CommandResult restored = send(h.agent(), "restore-3", new Commands.RestoreGuests(true, h.guests()));
        assertThat(restored.outcome()).as(restored.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        wentOn(h);
        assertThat(Files.readAllLines(h.marker())).containsExactly("stop", "start");
        assertThat(journal().open()).isEmpty();
    }

    private record Held(LabGuest guest, Path marker, CommandDispatcher agent, List<Commands.GuestAction> guests, long start,
                        JournalEntry hold) {

        Path state() {
            return Path.of(hold.get("state"));
        }
    }

    /** The guest runs on with its memory: not booted again. */
    private static void wentOn(Held h) {
        h.guest().console().awaitBeats(30, Duration.ofSeconds(20));
        assertThat(h.guest().console().counterContinuous(h.start())).as("heartbeat counter went on without a restart").isTrue();
        assertThat(h.guest().console().patternOk(Duration.ofSeconds(30))).as("memory pattern intact").isTrue();
    }

    /** A guest held by the agent's PreserveGuests, with nova-compute stopped by a script that logs its verb. */
    private Held preserved(String name) throws Exception {
        LabGuest guest = guest(name, 256, 64);
        Path marker = dir.resolve("nova-compute.log");
        CommandDispatcher agent = agent(marker);
        List<Commands.GuestAction> guests = List.of(new Commands.GuestAction(guest.uuid().toString(), GuestActionKind.PRESERVE));
        guest.console().awaitBeats(20, Duration.ofSeconds(20));
        long start = System.nanoTime();
        assertThat(send(agent, "preserve-1", new Commands.PreserveGuests(true, guests)).outcome()).isEqualTo(Report.Outcome.SUCCEEDED);
        return new Held(guest, marker, agent, guests, start, hold());
    }

    private CommandDispatcher agent(Path marker) throws Exception {
        NovaCompute nova = new NovaCompute(List.of(script("stop", marker).toString()), List.of(script("start", marker).toString()));
        return new CommandDispatcher(new CommandLedger(dir), new Preservation(domains, journal(), Lab.settings(dir), Faults.NONE,
                null, nova, "compute-1", HostReboot.NONE, Duration.ofSeconds(30), 1, Clock.systemUTC()).handlers());
    }

    /** The guest's hold (its PRESERVE_REPLACE operation), as journaled. */
    private JournalEntry hold() {
        return journal().lasts().stream().filter(e -> e.step().equals(PreserveReplace.STEP)).findFirst().orElseThrow();
    }

    /** An upgrade command that overwrites 16 bytes at {@link #OFFSET} of the agent's state files matching {@code glob}. */
    private Command overwrite(String glob) {
        return new Commands.RunUpgrade(List.of("/bin/sh", "-c", "for f in " + dir.resolve("state") + "/" + glob
                + "; do printf 'molt was here....' | dd of=\"$f\" bs=1 seek=" + OFFSET + " conv=notrunc status=none; done"),
                UpgradeTarget.USERSPACE, 60);
    }

    private static Report.CommandResult send(CommandDispatcher agent, String id, Command command) {
        return agent.dispatch(id, command, ProgressSink.NONE);
    }

    private Path script(String verb, Path marker) throws Exception {
        Path script = dir.resolve("nova-" + verb);
        Files.writeString(script, "#!/bin/sh\necho " + verb + " >> " + marker + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
