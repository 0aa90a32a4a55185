package io.molt.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolCodecTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    void roundTripsEveryKindOfReport() throws Exception {
        HostCapabilities caps = new HostCapabilities("qemu:///system", true, "9.0.0", "7.2.0", true,
                64L << 20, true, 8L << 30, 4, new KernelHandover(KernelHandover.Support.BUILT_DISABLED,
                        KernelHandover.Support.ABSENT, "/boot/config-6.19.0-1-amd64"));
        for (Report report : new Report[] {
                new Report.AgentHello("0.1.0", caps),
                new Report.Heartbeat(1234),
                new Report.CommandProgress("c1", "save-device-state", 40, "saving"),
                new Report.CommandResult("c1", Report.Outcome.SUCCEEDED, "pong", Map.of("k", "v"), false)}) {
            Envelope sent = Envelope.of("compute-1.example", "camp-1", report, NOW);

            Envelope received = codec.decode(codec.encode(sent));

            assertThat(received).isEqualTo(sent);
        }
    }

    @Test
    void roundTripsACommandKeepingItsId() throws Exception {
        Envelope sent = Envelope.command("cmd-42", "a", null, new Commands.Ping("hello"), NOW);

        Envelope received = codec.decode(codec.encode(sent));

        assertThat(received.id()).isEqualTo("cmd-42");
        assertThat(received.payload()).isEqualTo(new Commands.Ping("hello"));
        assertThat(received.type().isCommand()).isTrue();
    }

    @Test
    void restoreGuestsCarriesTheKernelToBootIntoAndAnOlderServiceSendsNone() throws Exception {
        Commands.RestoreGuests restore = new Commands.RestoreGuests(true,
                java.util.List.of(new Commands.GuestAction("6f1c1d56-4a8b-4f3e-9a51-0d6f2b6c1e11", GuestActionKind.PRESERVE)),
                UpgradeTarget.KERNEL);
        Envelope sent = Envelope.command("cmd-43", "a", "camp-1", restore, NOW);

        assertThat(codec.decode(codec.encode(sent)).payload()).isEqualTo(restore);
        Envelope older = codec.decode(bytes(message("command.restore-guests", 1, "\"a\"",
                "{\"startNovaCompute\":true,\"guests\":[]}")));
        assertThat(older.payload()).isEqualTo(new Commands.RestoreGuests(true, java.util.List.of()));
        assertThat(((Commands.RestoreGuests) older.payload()).bootInto()).isNull();
    }

    @Test
    void runHookNamesOnlyAPhaseAndAnUnknownPhaseIsAnInvalidField() throws Exception {
        Commands.RunHook hook = new Commands.RunHook(Commands.RunHook.BEFORE_DOWN, "camp-1");
        Envelope sent = Envelope.command("cmd-44", "a", "camp-1", hook, NOW);

        Envelope received = codec.decode(codec.encode(sent));

        assertThat(received.type().wireName()).isEqualTo("command.run-hook");
        assertThat(received.payload()).isEqualTo(new Commands.RunHook("before-down", "camp-1"));
        assertViolation(message("command.run-hook", 1, "\"a\"", "{\"phase\":\"during\"}"),
                ProtocolViolation.Reason.INVALID_FIELD, "phase must be one of [before-down, after-up]");
    }

    @Test
    void rejectsMalformedJson() {
        assertViolation("{\"id\": ", ProtocolViolation.Reason.MALFORMED_JSON, "not valid JSON");
        assertViolation("[1,2]", ProtocolViolation.Reason.MALFORMED_JSON, "not a JSON object");
        assertViolation("", ProtocolViolation.Reason.MALFORMED_JSON, "empty");
    }

    @Test
    void rejectsUnknownType() {
        assertViolation(message("report.selfdestruct", 1, "\"a\"", "{}"),
                ProtocolViolation.Reason.UNKNOWN_TYPE, "unknown message type 'report.selfdestruct'");
    }

    @Test
    void rejectsUnsupportedProtocolVersion() {
        assertViolation(message("report.heartbeat", 99, "\"a\"", "{\"uptimeMs\":1}"),
                ProtocolViolation.Reason.UNSUPPORTED_VERSION, "protocol version 99 is not supported");
    }

    @Test
    void rejectsMissingHost() {
        assertViolation(message("report.heartbeat", 1, "null", "{\"uptimeMs\":1}"),
                ProtocolViolation.Reason.INVALID_FIELD, "host must be");
    }

    @Test
    void rejectsHostWithRoutingWildcards() {
        assertViolation(message("report.heartbeat", 1, "\"a.#\"", "{\"uptimeMs\":1}"),
                ProtocolViolation.Reason.INVALID_FIELD, "host must be");
    }

    @Test
    void rejectsPayloadMissingARequiredField() {
        assertViolation(message("report.result", 1, "\"a\"", "{\"outcome\":\"SUCCEEDED\"}"),
                ProtocolViolation.Reason.INVALID_FIELD, "commandId is required");
    }

    @Test
    void rejectsPayloadWithWrongFieldType() {
        assertViolation(message("report.heartbeat", 1, "\"a\"", "{\"uptimeMs\":\"soon\"}"),
                ProtocolViolation.Reason.INVALID_FIELD, "invalid report.heartbeat payload");
    }

    @Test
    void anOlderAgentThatDoesNotSayHowManyGuestsItTakesDownAtOnceTakesOne() throws Exception {
        Envelope older = codec.decode(bytes(message("report.hello", 1, "\"a\"",
                "{\"agentVersion\":\"0.1.0\",\"capabilities\":{\"libvirtUri\":\"qemu:///system\","
                        + "\"libvirtReachable\":true,\"freeMemoryBytes\":1024}}")));

        assertThat(((Report.AgentHello) older.payload()).capabilities().guestsAtOnce()).isEqualTo(1);
        assertThat(((Report.AgentHello) older.payload()).capabilities().kernelHandover()).as("not said").isNull();
    }

    @Test
    void aKernelHandoverWithAnUnknownSupportValueIsRefused() {
        assertViolation(message("report.hello", 1, "\"a\"", "{\"agentVersion\":\"0.1.0\",\"capabilities\":{"
                + "\"libvirtUri\":\"qemu:///system\",\"freeMemoryBytes\":1,\"kernelHandover\":{\"kexecHandover\":"
                + "\"MAYBE\",\"liveUpdate\":\"ABSENT\"}}}"), ProtocolViolation.Reason.INVALID_FIELD,
                "invalid report.hello payload");
    }

    @Test
    void ignoresUnknownPayloadFieldsFromNewerPeers() throws Exception {
        Envelope received = codec.decode(bytes(message("report.heartbeat", 1, "\"a\"",
                "{\"uptimeMs\":5,\"addedLater\":true}")));

        assertThat(received.payload()).isEqualTo(new Report.Heartbeat(5));
    }

    private void assertViolation(String json, ProtocolViolation.Reason reason, String messagePart) {
        assertThatThrownBy(() -> codec.decode(bytes(json)))
                .isInstanceOfSatisfying(ProtocolViolation.class, v -> assertThat(v.reason()).isEqualTo(reason))
                .hasMessageContaining(messagePart);
    }

    private static String message(String type, int version, String host, String payload) {
        return "{\"id\":\"m1\",\"type\":\"" + type + "\",\"protocolVersion\":" + version + ",\"host\":" + host
                + ",\"issuedAt\":\"2026-11-21T12:00:00Z\",\"payload\":" + payload + "}";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
