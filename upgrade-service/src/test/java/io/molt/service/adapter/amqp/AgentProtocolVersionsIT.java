package io.molt.service.adapter.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.molt.protocol.Commands;
import io.molt.protocol.Envelope;
import io.molt.protocol.GuestActionKind;
import io.molt.protocol.GuestOutcome;
import io.molt.protocol.GuestResult;
import io.molt.protocol.MessageType;
import io.molt.protocol.ProtocolCodec;
import io.molt.protocol.Report;
import io.molt.protocol.Topology;
import io.molt.service.domain.agent.AgentCommandRecord;
import io.molt.service.domain.port.AgentCommands;
import io.molt.service.domain.port.Agents;
import io.molt.service.domain.port.HostAgents;
import io.molt.service.support.ServiceTestEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A v1 agent and a v2 agent on the real broker: each is sent its commands in the version it said hello in, and
 * the v1 agent's result, which has only details keys, is stored with its typed fields read from them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AgentProtocolVersionsIT {

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("versions");
    private static final String VM = "6f1c1d56-4a8b-4f3e-9a51-0d6f2b6c1e11";

    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    Agents agents;
    @Autowired
    AgentCommands commands;
    @Autowired
    HostAgents hostAgents;

    private final ProtocolCodec codec = new ProtocolCodec();
    private final Topology topology = new Topology(env.prefix());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @AfterAll
    static void cleanUp() {
        env.close();
    }

    @Test
    void aV1AgentIsAddressedInV1AndItsDetailsAreReadAsTypedResults() throws Exception {
        publish("report.hello.old", raw("report.hello", 1, "old", "{\"agentVersion\":\"0.1.0\",\"capabilities\":"
                + "{\"libvirtUri\":\"test:///default\",\"libvirtReachable\":true,\"freeMemoryBytes\":1024}}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> agents.find("old").isPresent());

        Envelope sent = restore("old");
        byte[] body = receive("old");
        String json = new String(body, StandardCharsets.UTF_8);

        assertThat(codec.decode(body).protocolVersion()).isEqualTo(1);
        assertThat(json).contains("\"action\":\"PRESERVE\"", "\"bootInto\":\"KERNEL\"");
        publish("report.result.old", raw("report.result", 1, "old", "{\"commandId\":\"" + sent.id() + "\",\"outcome\":"
                + "\"SUCCEEDED\",\"message\":\"1 guests run\",\"details\":{\"guest." + VM + "\":\"restored with its RAM"
                + " kept\",\"downtime_ms." + VM + "\":\"2324\"},\"duplicate\":false}"));
        await().atMost(Duration.ofSeconds(10)).until(() -> commands.find(sent.id()).map(AgentCommandRecord::isCompleted)
                .orElse(false));
        assertThat(commands.find(sent.id()).orElseThrow().guests()).as("read back from the database").containsExactly(
                new GuestResult(VM, GuestOutcome.RESTORED, "restored with its RAM kept", 2324L, true));
    }

    @Test
    void aV2AgentIsAddressedInV2() throws Exception {
        publish("report.hello.new", codec.encode(Envelope.of("new", null, new Report.AgentHello("0.2.0",
                RejectedReports.CAPS, List.of(MessageType.RESTORE_GUESTS.wireName())), Instant.now())));
        await().atMost(Duration.ofSeconds(10)).until(() -> agents.find("new").isPresent());

        restore("new");

        assertThat(codec.decode(receive("new")).protocolVersion()).isEqualTo(2);
        assertThat(agents.find("new").orElseThrow().commands()).containsExactly(MessageType.RESTORE_GUESTS.wireName());
    }

    private Envelope restore(String host) {
        String id = UUID.randomUUID().toString();
        Envelope command = Envelope.command(id, host, null, new Commands.RestoreGuests(true,
                List.of(new Commands.GuestAction(VM, GuestActionKind.PRESERVE)), io.molt.protocol.UpgradeTarget.KERNEL),
                Instant.now());
        commands.save(new AgentCommandRecord(id, host, null, command.type().wireName(), command.issuedAt(), null, null,
                null, null));
        hostAgents.send(command);
        return command;
    }

    private byte[] receive(String host) {
        Message message = rabbit.receive(topology.agentQueue(host), 10_000);
        assertThat(message).as("a command on the queue of " + host).isNotNull();
        return message.getBody();
    }

    private void publish(String routingKey, byte[] body) {
        RejectedReports.publish(rabbit, topology, routingKey, body);
    }

    private static byte[] raw(String type, int version, String host, String payload) {
        return RejectedReports.raw(type, version, "\"" + host + "\"", payload);
    }
}
