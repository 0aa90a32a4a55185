package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.agent.journal.StepJournal;
import io.molt.agent.libvirt.DomainState;
import io.molt.agent.libvirt.LibvirtDomains;
import io.molt.protocol.Commands;
import io.molt.protocol.GuestActionKind;
import io.molt.protocol.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PreserveGuests and RestoreGuests on libvirt's test driver ({@code test:///default}: a fresh host with
 * one running domain, "test", shared by the connections of a process): the order around nova-compute, idempotency across
 * command ids, refusals. Preservation itself needs QEMU: HostCommandsIT.
 */
class HostGuestsTest {

    private static final UUID TEST_DOMAIN = UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f");

    @TempDir
    Path dir;

    private LibvirtDomains domains;
    private Path marker;

    @BeforeEach
    void connect() {
        domains = new LibvirtDomains("test:///default");
        if (!domains.find(TEST_DOMAIN).orElseThrow().running()) {
            domains.start(TEST_DOMAIN); // the test driver's host is shared by every connection of this JVM
        }
        marker = dir.resolve("nova-compute.log");
    }

    @AfterEach
    void close() {
        domains.close();
    }

    private Preservation preservation(boolean novaCommands) throws Exception {
        PreservationSettings settings = new PreservationSettings(dir.resolve("qemu.conf"), dir.resolve("hooks/qemu"),
                dir.resolve("state"), dir.resolve("qmp"), List.of("/bin/true"), false);
        NovaCompute nova = novaCommands ? new NovaCompute(List.of(script("stop").toString()), List.of(script("start").toString()))
                : new NovaCompute(List.of(), List.of());
        return new Preservation(domains, journal(), settings, Faults.NONE, null, nova, "compute-1", HostReboot.NONE, Duration.ofSeconds(5), 4, Clock.systemUTC());
    }

    /** A fake nova-compute control: writes what it did and the domain's state at that moment. */
    private Path script(String verb) throws Exception {
        Path script = dir.resolve("nova-" + verb);
        Files.writeString(script, "#!/bin/sh\necho " + verb + " >> " + marker + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private StepJournal journal() {
        return new StepJournal(dir.resolve("journal"), Clock.systemUTC());
    }

    private static List<Commands.GuestAction> cold() {
        return List.of(new Commands.GuestAction(TEST_DOMAIN.toString(), GuestActionKind.COLD_RESTART));
    }

    private Report.CommandResult send(Preservation p, String id, io.molt.protocol.Command command) {
        var dispatcher = new io.molt.agent.commands.CommandDispatcher(new io.molt.agent.commands.CommandLedger(dir), p.handlers());
        return dispatcher.dispatch(id, command, io.molt.agent.commands.ProgressSink.NONE);
    }

    /** A command as the agent reads it off its queue: dispatched, or refused when its payload is not readable. */
    private Report.CommandResult sendJson(Preservation p, String json) {
        var dispatcher = new io.molt.agent.commands.CommandDispatcher(new io.molt.agent.commands.CommandLedger(dir), p.handlers());
        try {
            io.molt.protocol.Envelope envelope = new io.molt.protocol.ProtocolCodec().decode(
                    json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return dispatcher.dispatch(envelope.id(), (io.molt.protocol.Command) envelope.payload(),
                    io.molt.agent.commands.ProgressSink.NONE);
        } catch (io.molt.protocol.ProtocolViolation v) {
            return dispatcher.refuse(v.messageId(), v);
        }
    }

    @Test
    void theResultsCarryEachGuestsTypedResultAndARepeatAnswersTheSame() throws Exception {
        Preservation p = preservation(true);

        Report.CommandResult down = send(p, "preserve-t", new Commands.PreserveGuests(true, cold()));
        Report.CommandResult up = send(p, "restore-t", new Commands.RestoreGuests(true, cold()));
        Report.CommandResult again = send(p, "restore-t", new Commands.RestoreGuests(true, cold()));

        assertThat(down.guests()).containsExactly(new io.molt.protocol.GuestResult(TEST_DOMAIN.toString(),
                io.molt.protocol.GuestOutcome.SHUT_DOWN, "shut down", null, false));
        assertThat(down.run()).isNull();
        assertThat(up.guests()).singleElement().satisfies(g -> {
            assertThat(g.outcome()).isEqualTo(io.molt.protocol.GuestOutcome.STARTED);
            assertThat(g.message()).isEqualTo("booted");
            assertThat(g.ramKept()).isFalse();
            assertThat(g.downtimeMs()).isEqualTo(Long.parseLong(up.details().get("downtime_ms." + TEST_DOMAIN)));
        });
        assertThat(again.duplicate()).isTrue();
        assertThat(again.guests()).as("from the ledger").isEqualTo(up.guests());
    }

    @Test
    void coldRestartGuestIsShutDownAfterNovaComputeStopsAndStartedBeforeItStarts() throws Exception {
        Preservation p = preservation(true);

        Report.CommandResult down = send(p, "preserve-1", new Commands.PreserveGuests(true, cold()));
        assertThat(down.outcome()).as(down.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(down.details()).containsEntry("guest." + TEST_DOMAIN, "shut down").containsKey("down_at." + TEST_DOMAIN);
        assertThat(domains.find(TEST_DOMAIN).orElseThrow().state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(Files.readAllLines(marker)).containsExactly("stop");

        Report.CommandResult up = send(p, "restore-1", new Commands.RestoreGuests(true, cold()));
        assertThat(up.outcome()).as(up.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(up.details()).containsEntry("guest." + TEST_DOMAIN, "booted").containsKey("downtime_ms." + TEST_DOMAIN);
        assertThat(Long.parseLong(up.details().get("downtime_ms." + TEST_DOMAIN))).isNotNegative();
        assertThat(domains.find(TEST_DOMAIN).orElseThrow().running()).isTrue();
        assertThat(Files.readAllLines(marker)).containsExactly("stop", "start");
    }

    @Test
    void aRepeatWithANewCommandIdFindsTheGuestDownAndARestoreRepeatFindsItRunning() throws Exception {
        Preservation p = preservation(true);
        send(p, "preserve-a", new Commands.PreserveGuests(true, cold()));

        Report.CommandResult again = send(p, "preserve-b", new Commands.PreserveGuests(true, cold()));
        assertThat(again.outcome()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(again.details()).containsEntry("guest." + TEST_DOMAIN, "shut down").doesNotContainKey("down_at." + TEST_DOMAIN);

        Report.CommandResult up = send(p, "restore-a", new Commands.RestoreGuests(true, cold()));
        Report.CommandResult upAgain = send(p, "restore-b", new Commands.RestoreGuests(true, cold()));
        assertThat(upAgain.outcome()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(upAgain.details()).containsEntry("guest." + TEST_DOMAIN, "running")
                .containsEntry("downtime_ms." + TEST_DOMAIN, up.details().get("downtime_ms." + TEST_DOMAIN));
        assertThat(send(p, "restore-a", new Commands.RestoreGuests(true, cold())).duplicate()).isTrue();
    }

    @Test
    void aGuestThatWasOffBeforeTheCampaignIsLeftOff() throws Exception {
        Preservation p = preservation(false);
        domains.destroy(TEST_DOMAIN);

        assertThat(send(p, "preserve-off", new Commands.PreserveGuests(false, cold())).details())
                .containsEntry("guest." + TEST_DOMAIN, "already off");
        Report.CommandResult up = send(p, "restore-off", new Commands.RestoreGuests(false, cold()));

        assertThat(up.outcome()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(up.details()).containsEntry("downtime_ms." + TEST_DOMAIN, "0");
        assertThat(domains.find(TEST_DOMAIN).orElseThrow().state()).isEqualTo(DomainState.SHUTOFF);
    }

    @Test
    void refusesToStopNovaComputeWithoutACommandAndToPreserveAnonymousRam() throws Exception {
        Preservation p = preservation(false);

        Report.CommandResult refused = send(p, "preserve-x", new Commands.PreserveGuests(true,
                List.of(new Commands.GuestAction(TEST_DOMAIN.toString(), GuestActionKind.PRESERVE))));

        assertThat(refused.outcome()).isEqualTo(Report.Outcome.REFUSED);
        assertThat(refused.details().get("refusals").split(",")).contains("NOVA_COMPUTE_COMMAND_UNSET",
                "MEMORY_NOT_FILE_BACKED", "MEMORY_NOT_SHARED", "MEMORY_BACKING_DIR_UNSET");
        assertThat(refused.message()).contains("nova-compute.stop-command is not set");
        assertThat(domains.find(TEST_DOMAIN).orElseThrow().running()).as("nothing changed").isTrue();
        assertThat(send(p, "restore-x", new Commands.RestoreGuests(true, List.of())).message())
                .startsWith("NOVA_COMPUTE_COMMAND_UNSET");
    }

    @Test
    void refusesAnUnknownActionOrGuest() throws Exception {
        Preservation p = preservation(true);

        Report.CommandResult bad = sendJson(p, "{\"id\":\"preserve-bad\",\"type\":\"command.preserve-guests\","
                + "\"protocolVersion\":2,\"host\":\"a\",\"issuedAt\":\"2026-12-04T02:00:00Z\",\"payload\":"
                + "{\"stopNovaCompute\":true,\"guests\":[{\"vmUuid\":\"" + TEST_DOMAIN + "\",\"action\":\"TELEPORT\"}]}}");
        Report.CommandResult missing = send(p, "preserve-missing", new Commands.PreserveGuests(true,
                List.of(new Commands.GuestAction(UUID.randomUUID().toString(), GuestActionKind.COLD_RESTART))));

        assertThat(bad.outcome()).isEqualTo(Report.Outcome.REFUSED);
        assertThat(bad.message()).contains("unknown action TELEPORT");
        assertThat(missing.outcome()).isEqualTo(Report.Outcome.REFUSED);
        assertThat(missing.message()).startsWith("NO_SUCH_DOMAIN");
        assertThat(Files.exists(marker)).as("nova-compute untouched").isFalse();
    }

    @Test
    void aRestoreOfAGuestTheAgentDoesNotHoldFailsAndLeavesNovaComputeStopped() throws Exception {
        Preservation p = preservation(true);
        domains.destroy(TEST_DOMAIN);

        Report.CommandResult up = send(p, "restore-none", new Commands.RestoreGuests(true,
                List.of(new Commands.GuestAction(TEST_DOMAIN.toString(), GuestActionKind.PRESERVE))));

        assertThat(up.outcome()).isEqualTo(Report.Outcome.FAILED);
        assertThat(up.message()).contains("the agent holds nothing", "nova-compute left stopped");
        assertThat(Files.exists(marker)).isFalse();
    }

    @Test
    void aHeldGuestWhoseRestoreFailedForGoodIsReportedWithTheReasonNotAsHeldByNothing() throws Exception {
        Preservation p = preservation(true);
        domains.destroy(TEST_DOMAIN);
        StepJournal journal = journal();
        journal.record("preserve-1", PreserveGuests.STEP, "GUEST_DOWN",
                Map.of(PreserveGuests.DOWN_AT + TEST_DOMAIN, java.time.Instant.now().toString()));
        journal.record("preserve-1.0", PreserveReplace.STEP, "FAILED", Map.of("uuid", TEST_DOMAIN.toString(), "outcome", "FAILED",
                "message", "restore of test failed 3 times; RAM kept in [/keep/test], state in /state/preserve-1.0.state"));

        Report.CommandResult up = send(p, "restore-1", new Commands.RestoreGuests(true,
                List.of(new Commands.GuestAction(TEST_DOMAIN.toString(), GuestActionKind.PRESERVE))));

        assertThat(up.outcome()).isEqualTo(Report.Outcome.FAILED);
        assertThat(up.message()).contains("test was not restored: restore of test failed 3 times; RAM kept in [/keep/test]",
                "(journal preserve-1.0); not booted", "nova-compute left stopped").doesNotContain("holds nothing");
        assertThat(domains.find(TEST_DOMAIN).orElseThrow().running()).isFalse();
        assertThat(Files.exists(marker)).isFalse();
    }
}
