package io.molt.service.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.protocol.Envelope;
import io.molt.protocol.GuestOutcome;
import io.molt.protocol.GuestResult;
import io.molt.protocol.KernelBoot;
import io.molt.protocol.ProgramRun;
import io.molt.protocol.ProtocolCodec;
import io.molt.protocol.ProtocolViolation;
import io.molt.protocol.Report;
import io.molt.protocol.ResultDetails;
import io.molt.service.adapter.memory.InMemoryAgents;
import io.molt.service.adapter.memory.InMemoryKernelBoots;
import io.molt.service.domain.agent.AgentCommandRecord;
import io.molt.service.domain.cloud.MeasuredKexec;
import io.molt.service.domain.port.AgentCommands;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The service reads a v1 agent's results from its details keys and a v2 agent's from its typed fields. */
class AgentReportHandlerTest {

    private static final Instant NOW = Instant.parse("2026-12-04T02:00:00Z");
    private static final String VM_A = "6f1c1d56-4a8b-4f3e-9a51-0d6f2b6c1e11";
    private static final String VM_B = "7a2d2e67-5b9c-4a4f-8b62-1e7a3c7d2f22";

    private final Map<String, AgentCommandRecord> commands = new HashMap<>();
    private final InMemoryKernelBoots kernelBoots = new InMemoryKernelBoots();
    private final AgentReportHandler handler = new AgentReportHandler(new InMemoryAgents(), new InMemoryCommands(),
            kernelBoots, Clock.fixed(NOW, ZoneOffset.UTC));
    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    void aV1AgentsRestoreIsReadFromItsDetailsKeys() throws Exception {
        sent("c1");

        handler.handle(codec.decode(json("c1", 1, "{\"commandId\":\"c1\",\"outcome\":\"SUCCEEDED\",\"message\":"
                + "\"2 guests run\",\"details\":{\"guest." + VM_A + "\":\"restored with its RAM kept\",\"downtime_ms."
                + VM_A + "\":\"640\",\"guest." + VM_B + "\":\"left off: it was not running when the campaign reached it\","
                + "\"downtime_ms." + VM_B + "\":\"0\"},\"duplicate\":false}")));

        AgentCommandRecord done = commands.get("c1");
        assertThat(done.outcome()).isEqualTo("SUCCEEDED");
        assertThat(done.guests()).containsExactly(
                new GuestResult(VM_A, GuestOutcome.RESTORED, "restored with its RAM kept", 640L, true),
                new GuestResult(VM_B, GuestOutcome.LEFT_OFF, "left off: it was not running when the campaign reached it",
                        0L, false));
        assertThat(done.details()).as("kept for the event").containsEntry("downtime_ms." + VM_A, "640");
        assertThat(done.run()).isNull();
    }

    @Test
    void aV1AgentsUpgradeIsReadFromItsDetailsKeys() throws Exception {
        sent("c2");

        handler.handle(codec.decode(json("c2", 1, "{\"commandId\":\"c2\",\"outcome\":\"FAILED\",\"message\":"
                + "\"apt-get timed out\",\"details\":{\"exit_code\":\"-1\",\"timed_out\":\"true\",\"output_tail\":"
                + "\"Unpacking\",\"duration_ms\":\"600000\"}}")));

        assertThat(commands.get("c2").run()).isEqualTo(new ProgramRun(-1, true, "Unpacking", 600_000));
        assertThat(commands.get("c2").guests()).isEmpty();
    }

    @Test
    void aV2AgentsTypedFieldsAreTakenAsSent() throws Exception {
        sent("c3");
        GuestResult typed = new GuestResult(VM_A, GuestOutcome.STARTED, "booted", 7000L, false);
        Report.CommandResult result = new Report.CommandResult("c3", Report.Outcome.SUCCEEDED, "1 guest runs",
                Map.of("downtime_ms." + VM_A, "1"), false, List.of(typed), new ProgramRun(0, false, "", 5));

        handler.handle(codec.decode(codec.encode(Envelope.of("a", null, result, NOW))));

        assertThat(commands.get("c3").guests()).containsExactly(typed);
        assertThat(commands.get("c3").run()).isEqualTo(new ProgramRun(0, false, "", 5));
    }

    @Test
    void aKernelBootsTimesAreKeptAsTheHostsMeasuredFiguresOncePerCommand() throws Exception {
        sent("c5");
        Map<String, String> details = new HashMap<>();
        ResultDetails.put(details, new KernelBoot("Linux version 6.12.57+deb12-cloud-amd64", 9000, 1500L));
        Envelope restored = Envelope.of("a", null, Report.CommandResult.of("c5", Report.Outcome.SUCCEEDED,
                "1 guests run", details), NOW);

        handler.handle(codec.decode(codec.encode(restored)));
        kernelBoots.record("a", "c5", new KernelBoot("k", 1, 1L), NOW); // the same answer again: kept once

        assertThat(kernelBoots.measured("a")).contains(new MeasuredKexec(9.0, 1.5, 1));
        assertThat(kernelBoots.measured("b")).isEmpty();
        sent("c6");
        handler.handle(codec.decode(json("c6", 2, "{\"commandId\":\"c6\",\"outcome\":\"SUCCEEDED\"}")));
        assertThat(kernelBoots.measured("a")).as("an answer without a boot adds nothing")
                .contains(new MeasuredKexec(9.0, 1.5, 1));
        sent("c7");
        handler.handle(codec.decode(codec.encode(Envelope.of("a", null, Report.CommandResult.of("c7",
                Report.Outcome.FAILED, "not every guest is back", details), NOW))));
        assertThat(kernelBoots.measured("a")).as("a failed restore's boot is reported again by its retry")
                .contains(new MeasuredKexec(9.0, 1.5, 1));
    }

    @Test
    void aV1ResultWithAMalformedDowntimeIsAnInvalidField() throws Exception {
        sent("c4");
        Envelope malformed = codec.decode(json("c4", 1, "{\"commandId\":\"c4\",\"outcome\":\"SUCCEEDED\","
                + "\"details\":{\"downtime_ms." + VM_A + "\":\"soon\"}}"));

        assertThatThrownBy(() -> handler.handle(malformed)).isInstanceOfSatisfying(ProtocolViolation.class,
                v -> assertThat(v.reason()).isEqualTo(ProtocolViolation.Reason.INVALID_FIELD))
                .hasMessageContaining("malformed details");
        assertThat(commands.get("c4").isCompleted()).isFalse();
    }

    private void sent(String id) {
        commands.put(id, new AgentCommandRecord(id, "a", null, "command.restore-guests", NOW, null, null, null, null));
    }

    private static byte[] json(String id, int version, String payload) {
        return ("{\"id\":\"r-" + id + "\",\"type\":\"report.result\",\"protocolVersion\":" + version
                + ",\"host\":\"a\",\"issuedAt\":\"2026-12-04T02:00:00Z\",\"payload\":" + payload + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private final class InMemoryCommands implements AgentCommands {
        @Override
        public Optional<AgentCommandRecord> find(String commandId) {
            return Optional.ofNullable(commands.get(commandId));
        }

        @Override
        public void save(AgentCommandRecord command) {
            commands.put(command.id(), command);
        }
    }
}
