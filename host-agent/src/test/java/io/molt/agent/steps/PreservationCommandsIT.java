package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.molt.agent.HostAgent;
import io.molt.agent.capabilities.CapabilityDetector;
import io.molt.agent.commands.CommandDispatcher;
import io.molt.agent.commands.CommandHandler;
import io.molt.agent.config.AgentConfig;
import io.molt.agent.lab.Lab;
import io.molt.agent.lab.LabGuest;
import io.molt.agent.lab.LabTest;
import io.molt.agent.libvirt.LibvirtProbe;
import io.molt.protocol.Commands;
import io.molt.protocol.Envelope;
import io.molt.protocol.ProtocolCodec;
import io.molt.protocol.Report;
import io.molt.protocol.Topology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The preservation steps as agent commands over RabbitMQ: progress, result, and a repeated id. */
class PreservationCommandsIT extends LabTest {

    private static final String HOST = "virtlab-1";

    private final ProtocolCodec codec = new ProtocolCodec();
    private final List<Envelope> reports = new CopyOnWriteArrayList<>();
    private HostAgent agent;
    private Connection connection;

    @AfterEach
    void stopAgent() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (connection != null) {
            connection.close();
        }
    }

    @Test
    void preserveReplaceCommandReportsProgressAndAnswersARepeatWithTheRecordedResult() throws Exception {
        LabGuest guest = guest("molt-it-command", 256, 64);
        Topology topology = new Topology("moltit" + Long.toHexString(System.nanoTime()));
        Channel channel = startAgent(topology);

        long start = System.nanoTime();
        send(channel, topology, "cmd-preserve-1", new Commands.PreserveReplace(guest.uuid().toString()));
        Report.CommandResult result = awaitResult("cmd-preserve-1", 1);

        assertThat(result.outcome()).as(result.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(result.duplicate()).isFalse();
        assertThat(reports).map(Envelope::payload).filteredOn(p -> p instanceof Report.CommandProgress)
                .map(p -> ((Report.CommandProgress) p).step()).contains("BEGUN", "SAVING", "SAVED", "RESTORING", "DONE");
        guest.console().awaitBeats(20, Duration.ofSeconds(10));
        assertThat(guest.console().counterContinuous(start)).isTrue();

        send(channel, topology, "cmd-preserve-1", new Commands.PreserveReplace(guest.uuid().toString()));
        Report.CommandResult again = awaitResult("cmd-preserve-1", 2);
        assertThat(again.duplicate()).isTrue();
        assertThat(again.outcome()).isEqualTo(result.outcome());
        assertThat(again.message()).isEqualTo(result.message());

        send(channel, topology, "cmd-suspend-bad", new Commands.SuspendToDisk("00000000-0000-0000-0000-000000000000"));
        Report.CommandResult refused = awaitResult("cmd-suspend-bad", 1);
        assertThat(refused.outcome()).isEqualTo(Report.Outcome.REFUSED);
        assertThat(refused.message()).contains("NO_SUCH_DOMAIN");
    }

    @Test
    void kexecPrepareCommandIsAnsweredWithItsRefusalAndARepeatWithTheRecordedOne() throws Exception {
        Topology topology = new Topology("moltit" + Long.toHexString(System.nanoTime()));
        Channel channel = startAgent(topology); // no preserved-memory.device configured
        Commands.KexecPrepare kexec = new Commands.KexecPrepare(Lab.guestDir().resolve("vmlinuz").toString(),
                Lab.guestDir().resolve("initrd.cpio").toString());

        send(channel, topology, "cmd-kexec-1", kexec);
        Report.CommandResult refused = awaitResult("cmd-kexec-1", 1);

        assertThat(refused.outcome()).isEqualTo(Report.Outcome.REFUSED);
        assertThat(refused.message()).isEqualTo("PRESERVED_MEMORY_UNSET: preserved-memory.device is not set: no memory"
                + " region would survive the kexec");
        assertThat(reports).map(Envelope::payload).filteredOn(p -> p instanceof Report.CommandProgress c
                && c.commandId().equals("cmd-kexec-1")).map(p -> ((Report.CommandProgress) p).step()).containsExactly("REFUSED");

        send(channel, topology, "cmd-kexec-1", kexec);
        Report.CommandResult again = awaitResult("cmd-kexec-1", 2);
        assertThat(again.duplicate()).isTrue();
        assertThat(again.message()).isEqualTo(refused.message());
    }

    private Channel startAgent(Topology topology) throws Exception {
        AgentConfig config = config(topology);
        List<CommandHandler<?>> handlers = Preservation.forConfig(config, domains, Clock.systemUTC()).handlers();
        agent = new HostAgent(config, new CapabilityDetector(config, new LibvirtProbe()),
                new CommandDispatcher(HostAgent.ledgerFor(config), handlers), Clock.systemUTC());
        agent.start();
        return listen(topology);
    }

    private AgentConfig config(Topology topology) throws Exception {
        Properties p = new Properties();
        p.setProperty("host", HOST);
        p.setProperty("amqp.prefix", topology.prefix());
        p.setProperty("state.dir", dir.toString());
        p.setProperty("libvirt.restart-command", Lab.repo().resolve("dev/virtlab/restart-libvirtd").toString());
        p.setProperty("preservation.monitor-dir", "/tmp/molt-it-qmp");
        return AgentConfig.from(p, "test");
    }

    private Channel listen(Topology topology) throws Exception {
        connection = new ConnectionFactory().newConnection();
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, topology.eventsExchange(), topology.allReportsBinding());
        channel.basicConsume(queue, true, (tag, delivery) -> {
            try {
                reports.add(codec.decode(delivery.getBody()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, tag -> { });
        return channel;
    }

    private void send(Channel channel, Topology topology, String id, io.molt.protocol.Command command) throws Exception {
        Envelope envelope = Envelope.command(id, HOST, null, command, Instant.now());
        channel.basicPublish(topology.commandsExchange(), topology.commandRoutingKey(HOST), null, codec.encode(envelope));
    }

    private Report.CommandResult awaitResult(String id, int nth) {
        await().atMost(Duration.ofSeconds(90)).until(() -> results(id).size() >= nth);
        return results(id).get(nth - 1);
    }

    private List<Report.CommandResult> results(String id) {
        return reports.stream().map(Envelope::payload).filter(p -> p instanceof Report.CommandResult r && r.commandId().equals(id))
                .map(p -> (Report.CommandResult) p).toList();
    }
}
