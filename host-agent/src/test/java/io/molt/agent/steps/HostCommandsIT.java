package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.agent.commands.CommandDispatcher;
import io.molt.agent.commands.CommandLedger;
import io.molt.agent.commands.ProgressSink;
import io.molt.agent.journal.JournalEntry;
import io.molt.agent.lab.Lab;
import io.molt.agent.lab.LabGuest;
import io.molt.agent.lab.LabTest;
import io.molt.agent.libvirt.DomainInfo;
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
import org.junit.jupiter.api.Test;

/** The campaign's three host commands on a real QEMU guest: PreserveGuests, RunUpgrade, RestoreGuests. */
class HostCommandsIT extends LabTest {

    @Test
    void preservedGuestKeepsRunningAcrossAnUpgradeWithNovaComputeStoppedAroundIt() throws Exception {
        LabGuest guest = guest("molt-it-hostcmds", 256, 64);
        long qemuBefore = domains.qemuPid(guest.name()).orElseThrow();
        Path marker = dir.resolve("nova-compute.log");
        NovaCompute nova = new NovaCompute(List.of(script("stop", guest, marker).toString()),
                List.of(script("start", guest, marker).toString()));
        CommandDispatcher agent = new CommandDispatcher(new CommandLedger(dir),
                new Preservation(domains, journal(), Lab.settings(dir), Faults.NONE, null, nova, "compute-1", HostReboot.NONE, Duration.ofSeconds(30), 4,
                        Clock.systemUTC()).handlers());
        List<Commands.GuestAction> guests = List.of(new Commands.GuestAction(guest.uuid().toString(), GuestActionKind.PRESERVE));
        guest.console().awaitBeats(20, Duration.ofSeconds(20));
        long start = System.nanoTime();

        Report.CommandResult preserved = send(agent, "preserve-1", new Commands.PreserveGuests(true, guests));
        assertThat(preserved.outcome()).as(preserved.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(preserved.details()).containsEntry("guest." + guest.uuid(), "preserved");
        assertThat(domains.find(guest.uuid()).orElseThrow().state()).as("held: no QEMU").isEqualTo(DomainState.SHUTOFF);

        Report.CommandResult again = send(agent, "preserve-2", new Commands.PreserveGuests(true, guests));
        assertThat(again.outcome()).as(again.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(again.details()).containsEntry("guest." + guest.uuid(), "preserved");
        assertThat(journal().lasts()).filteredOn(e -> e.step().equals(PreserveReplace.STEP))
                .as("one hold, not a second save").hasSize(1).map(JournalEntry::phase).containsExactly("SAVED");

        Report.CommandResult upgraded = send(agent, "upgrade-1", new Commands.RunUpgrade(List.of("/bin/true"), UpgradeTarget.USERSPACE, 60));
        assertThat(upgraded.outcome()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(upgraded.details()).containsEntry("exit_code", "0");
        Report.CommandResult broken = send(agent, "upgrade-2", new Commands.RunUpgrade(
                List.of("/bin/sh", "-c", "echo 'E: Unable to fetch some archives'; exit 100"), UpgradeTarget.USERSPACE, 60));
        assertThat(broken.outcome()).isEqualTo(Report.Outcome.FAILED);
        assertThat(broken.details()).containsEntry("exit_code", "100")
                .containsEntry("output_tail", "E: Unable to fetch some archives\n");

        Report.CommandResult restored = send(agent, "restore-1", new Commands.RestoreGuests(true, guests));
        assertThat(restored.outcome()).as(restored.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        guest.console().awaitBeats(50, Duration.ofSeconds(20));

        DomainInfo after = domains.find(guest.uuid()).orElseThrow();
        assertThat(after.running()).isTrue();
        assertThat(after.name()).isEqualTo(guest.name());
        long qemuAfter = domains.qemuPid(guest.name()).orElseThrow();
        assertThat(qemuAfter).isNotEqualTo(qemuBefore);
        assertThat(guest.console().counterContinuous(start)).as("heartbeat counter went on without a restart").isTrue();
        assertThat(guest.console().patternOk(Duration.ofSeconds(30))).as("memory pattern intact").isTrue();
        assertThat(Files.readAllLines(marker)).as("stopped while the old QEMU ran (again, idempotently, by the repeat"
                + " while the guest was held), started once the new one ran").containsExactly("stop " + qemuBefore, "stop none",
                "start " + qemuAfter);
        long downtime = Long.parseLong(restored.details().get("downtime_ms." + guest.uuid()));
        double blackout = guest.console().maxGapMs(start);
        assertThat(downtime).isPositive().isGreaterThanOrEqualTo((long) blackout - 1_000);
        System.out.printf("PreserveGuests -> RunUpgrade x2 -> RestoreGuests, 256 MiB: blackout %.0f ms, reported downtime %d ms%n",
                blackout, downtime);

        Report.CommandResult restoredAgain = send(agent, "restore-2", new Commands.RestoreGuests(true, guests));
        assertThat(restoredAgain.outcome()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(restoredAgain.details()).containsEntry("guest." + guest.uuid(), "running")
                .containsEntry("downtime_ms." + guest.uuid(), Long.toString(downtime));
        assertThat(domains.qemuPid(guest.name()).orElseThrow()).as("not restored twice").isEqualTo(qemuAfter);
        assertThat(journal().open()).isEmpty();
    }

    private static Report.CommandResult send(CommandDispatcher agent, String id, Command command) {
        return agent.dispatch(id, command, ProgressSink.NONE);
    }

    /** A fake nova-compute control that writes what it did and the guest's QEMU pid at that moment. */
    private Path script(String verb, LabGuest guest, Path marker) throws Exception {
        Path script = dir.resolve("nova-" + verb);
        Files.writeString(script, "#!/bin/sh\necho " + verb + " $(cat /run/libvirt/qemu/" + guest.name()
                + ".pid 2>/dev/null || echo none) >> " + marker + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
