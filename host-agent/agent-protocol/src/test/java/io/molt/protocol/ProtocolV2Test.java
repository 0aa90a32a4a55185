package io.molt.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What protocol version 2 adds, and how a version 1 peer's messages are read. */
class ProtocolV2Test {

    private static final Instant NOW = Instant.parse("2026-12-04T02:00:00Z");
    private static final String VM_A = "6f1c1d56-4a8b-4f3e-9a51-0d6f2b6c1e11";
    private static final String VM_B = "7a2d2e67-5b9c-4a4f-8b62-1e7a3c7d2f22";
    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    void aResultWithTypedGuestsAndARunRoundTripsAsJson() throws Exception {
        Report.CommandResult result = new Report.CommandResult("c1", Report.Outcome.SUCCEEDED, "2 guests run",
                Map.of("downtime_ms." + VM_A, "812"), false,
                List.of(new GuestResult(VM_A, GuestOutcome.RESTORED, "restored with its RAM kept", 812L, true),
                        new GuestResult(VM_B, GuestOutcome.LEFT_OFF, "left off", 0L, false)),
                new ProgramRun(3, true, "E: tail", 5000));
        Envelope sent = Envelope.of("compute-1", "camp-1", result, NOW);

        byte[] json = codec.encode(sent);
        Envelope received = codec.decode(json);

        assertThat(received).isEqualTo(sent);
        assertThat(received.protocolVersion()).isEqualTo(2);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"outcome\":\"RESTORED\"",
                "\"downtimeMs\":812", "\"ramKept\":true", "\"exitCode\":3", "\"timedOut\":true",
                "\"outputTail\":\"E: tail\"");
    }

    @Test
    void aKernelBootsTimesTravelTypedAndAreReadFromTheirDetailsKeys() throws Exception {
        Map<String, String> details = new HashMap<>();
        ResultDetails.put(details, new GuestResult(VM_A, GuestOutcome.RESTORED, "restored with its RAM kept", 9100L,
                true));
        ResultDetails.put(details, new KernelBoot("Linux version 6.12.57+deb12-cloud-amd64", 8400, 700L));

        Report.CommandResult result = Report.CommandResult.of("c9", Report.Outcome.SUCCEEDED, "1 guest runs", details);
        Envelope received = codec.decode(codec.encode(Envelope.of("compute-1", "camp-1", result, NOW)));

        assertThat(result.boot()).isEqualTo(new KernelBoot("Linux version 6.12.57+deb12-cloud-amd64", 8400, 700L));
        assertThat(received.payload()).isEqualTo(result);
        assertThat(Report.CommandResult.of("c10", Report.Outcome.SUCCEEDED, "1 guest runs",
                Map.of("boot_kernel", "k", "boot_to_agent_ms", "12")).boot()).isEqualTo(new KernelBoot("k", 12, null));
        assertThat(Report.CommandResult.of("c11", Report.Outcome.SUCCEEDED, "ran", Map.of()).boot()).isNull();
        assertThatThrownBy(() -> Report.CommandResult.of("c12", Report.Outcome.SUCCEEDED, "x",
                Map.of("boot_kernel", "k", "boot_to_agent_ms", "soon"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHelloSaysWhichCommandsTheAgentCarriesOutAndAV1HelloSaysNone() throws Exception {
        HostCapabilities caps = new HostCapabilities("qemu:///system", true, "9.0.0", "7.2.0", false, 0, true, 1);
        Report.AgentHello hello = new Report.AgentHello("0.2.0", caps,
                List.of(MessageType.PING.wireName(), MessageType.RUN_HOOK.wireName()));

        assertThat(codec.decode(codec.encode(Envelope.of("a", null, hello, NOW))).payload()).isEqualTo(hello);
        Envelope v1 = codec.decode(bytes(message("report.hello", 1,
                "{\"agentVersion\":\"0.1.0\",\"capabilities\":{\"libvirtUri\":\"qemu:///system\",\"freeMemoryBytes\":1}}")));
        assertThat(v1.protocolVersion()).isEqualTo(1);
        assertThat(((Report.AgentHello) v1.payload()).commands()).isEmpty();
    }

    @Test
    void aV1ResultIsReadFromItsDetailsKeys() throws Exception {
        Envelope restore = codec.decode(bytes(message("report.result", 1, "{\"commandId\":\"c2\",\"outcome\":"
                + "\"SUCCEEDED\",\"message\":\"2 guests run\",\"details\":{\"guest." + VM_A + "\":\"restored with its RAM"
                + " kept\",\"downtime_ms." + VM_A + "\":\"640\",\"guest." + VM_B + "\":\"resumed from its managed save\","
                + "\"downtime_ms." + VM_B + "\":\"9100\"},\"duplicate\":false}")));
        Envelope upgrade = codec.decode(bytes(message("report.result", 1, "{\"commandId\":\"c3\",\"outcome\":"
                + "\"FAILED\",\"message\":\"apt-get exited with code 100\",\"details\":{\"exit_code\":\"100\","
                + "\"timed_out\":\"false\",\"output_tail\":\"E: Unable to fetch\",\"duration_ms\":\"2300\"}}")));

        Report.CommandResult restored = ((Report.CommandResult) restore.payload());
        assertThat(restored.guests()).as("a v1 agent sends no typed fields").isEmpty();
        assertThat(restored.typed().guests()).containsExactly(
                new GuestResult(VM_A, GuestOutcome.RESTORED, "restored with its RAM kept", 640L, true),
                new GuestResult(VM_B, GuestOutcome.STARTED, "resumed from its managed save", 9100L, false));
        assertThat(((Report.CommandResult) upgrade.payload()).typed().run())
                .isEqualTo(new ProgramRun(100, false, "E: Unable to fetch", 2300));
    }

    @Test
    void aV1PreserveGuestsResultNamesEachOutcomeByTheAgentsWords() {
        Map<String, String> details = Map.of("guest." + VM_A, "preserved", "guest." + VM_B,
                "powered off (no clean shutdown within 60 s)", "failed.8b3e3f78-6cad-4b5a-9c73-2f8b4d8e3a33",
                "no domain with UUID 8b3e3f78-6cad-4b5a-9c73-2f8b4d8e3a33");

        assertThat(ResultDetails.guests(details)).extracting(GuestResult::outcome, GuestResult::ramKept,
                GuestResult::downtimeMs).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(GuestOutcome.PRESERVED, true, null),
                        org.assertj.core.groups.Tuple.tuple(GuestOutcome.SHUT_DOWN, false, null),
                        org.assertj.core.groups.Tuple.tuple(GuestOutcome.FAILED, false, null));
    }

    @Test
    void typedFieldsThatArePresentWinOverTheDetails() {
        GuestResult typed = new GuestResult(VM_A, GuestOutcome.STARTED, "booted", 7000L, false);
        Report.CommandResult result = new Report.CommandResult("c4", Report.Outcome.SUCCEEDED, "1 guest runs",
                Map.of("downtime_ms." + VM_A, "1"), false, List.of(typed), null);

        assertThat(result.typed().guests()).containsExactly(typed);
    }

    @Test
    void theFlatFormWrittenByAProducerReadsBackAsTheSameTypedResult() {
        GuestResult restored = new GuestResult(VM_A, GuestOutcome.RESTORED, "restored with its RAM kept", 812L, true);
        GuestResult failed = new GuestResult(VM_B, GuestOutcome.FAILED, "no domain with UUID " + VM_B, null, false);
        ProgramRun run = new ProgramRun(-1, true, "", 30_000);
        Map<String, String> details = new HashMap<>(Map.of("booted", "no boot"));
        ResultDetails.put(details, restored);
        ResultDetails.put(details, failed);
        ResultDetails.put(details, run);

        Report.CommandResult result = Report.CommandResult.of("c5", Report.Outcome.FAILED, "not every guest is back",
                details);

        assertThat(result.guests()).containsExactly(restored, failed);
        assertThat(result.run()).isEqualTo(run);
        assertThat(result.details()).containsEntry("downtime_ms." + VM_A, "812").containsEntry("exit_code", "-1")
                .containsEntry("booted", "no boot");
        assertThat(result.asDuplicate().guests()).isEqualTo(result.guests());
    }

    @Test
    void commandsHaveTheFormOfVersion1SoAV1AgentReadsThem() throws Exception {
        Commands.RunUpgrade upgrade = new Commands.RunUpgrade(List.of("apt-get", "install", "-y", "qemu"),
                UpgradeTarget.KERNEL, 600);
        Envelope v1 = new Envelope("c6", MessageType.RUN_UPGRADE, 1, "a", null, NOW, upgrade);

        String json = new String(codec.encode(v1), StandardCharsets.UTF_8);

        assertThat(json).contains("\"protocolVersion\":1", "\"target\":\"KERNEL\"");
        assertThat(codec.decode(bytes(message("command.preserve-guests", 1, "{\"stopNovaCompute\":true,\"guests\":"
                + "[{\"vmUuid\":\"" + VM_A + "\",\"action\":\"SUSPEND_TO_DISK\"}]}"))).payload())
                .isEqualTo(new Commands.PreserveGuests(true, List.of(new Commands.GuestAction(VM_A,
                        GuestActionKind.SUSPEND_TO_DISK))));
    }

    @Test
    void anUnknownEnumValueIsAnInvalidFieldThatACommandsReceiverCanStillAnswer() {
        assertThatThrownBy(() -> codec.decode(bytes(message("command.preserve-guests", 2, "{\"stopNovaCompute\":true,"
                + "\"guests\":[{\"vmUuid\":\"" + VM_A + "\",\"action\":\"TELEPORT\"}]}"))))
                .isInstanceOfSatisfying(ProtocolViolation.class, v -> {
                    assertThat(v.reason()).isEqualTo(ProtocolViolation.Reason.INVALID_FIELD);
                    assertThat(v.messageId()).isEqualTo("m1");
                    assertThat(v.host()).isEqualTo("a");
                    assertThat(v.refusalCode()).isEqualTo("UNKNOWN_ACTION");
                })
                .hasMessageContaining("unknown action TELEPORT (expected one of [PRESERVE, SUSPEND_TO_DISK, COLD_RESTART])");
        assertThatThrownBy(() -> codec.decode(bytes(message("command.restore-guests", 2,
                "{\"startNovaCompute\":true,\"guests\":[],\"bootInto\":\"FIRMWARE\"}"))))
                .isInstanceOfSatisfying(ProtocolViolation.class,
                        v -> assertThat(v.refusalCode()).isEqualTo("UNKNOWN_TARGET"))
                .hasMessageContaining("unknown target FIRMWARE");
        assertThatThrownBy(() -> codec.decode(bytes(message("report.result", 2, "{\"commandId\":\"c7\",\"outcome\":"
                + "\"SUCCEEDED\",\"guests\":[{\"vmUuid\":\"" + VM_A + "\",\"outcome\":\"TELEPORTED\"}]}"))))
                .isInstanceOfSatisfying(ProtocolViolation.class,
                        v -> assertThat(v.reason()).isEqualTo(ProtocolViolation.Reason.INVALID_FIELD))
                .hasMessageContaining("unknown outcome TELEPORTED");
    }

    @Test
    void aRestoreOfAThousandGuestsWithBothFormsStaysWithinTheMessageLimit() throws Exception {
        Map<String, String> details = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            ResultDetails.put(details, new GuestResult(java.util.UUID.randomUUID().toString(), GuestOutcome.RESTORED,
                    "restored with its RAM kept", 2324L, true));
        }
        Envelope sent = Envelope.of("compute-1", null, Report.CommandResult.of("c8", Report.Outcome.SUCCEEDED,
                "1000 guests run", details), NOW);

        Envelope received = codec.decode(codec.encode(sent));

        assertThat(((Report.CommandResult) received.payload()).guests()).hasSize(1000);
    }

    @Test
    void aPeerIsAddressedInTheVersionItSaidHelloIn() {
        assertThat(ProtocolVersion.toSpeakWith(1)).isEqualTo(1);
        assertThat(ProtocolVersion.toSpeakWith(2)).isEqualTo(2);
        assertThat(ProtocolVersion.toSpeakWith(3)).as("newer than this build").isEqualTo(ProtocolVersion.CURRENT);
        assertThat(ProtocolVersion.toSpeakWith(null)).as("not heard from").isEqualTo(1);
    }

    private static String message(String type, int version, String payload) {
        return "{\"id\":\"m1\",\"type\":\"" + type + "\",\"protocolVersion\":" + version + ",\"host\":\"a\""
                + ",\"issuedAt\":\"2026-12-04T02:00:00Z\",\"payload\":" + payload + "}";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
