package io.molt.agent.lab;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.molt.protocol.Command;
import io.molt.protocol.Envelope;
import io.molt.protocol.ProtocolCodec;
import io.molt.protocol.ProtocolViolation;
import io.molt.protocol.Report;
import io.molt.protocol.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * The service's side of the broker for one agent, on the machine's RabbitMQ under a prefix of its own: sends
 * commands as the service does (persistent, confirmed, the command id as message id, on the host's durable
 * queue) and keeps every report the agent sends. Removes its exchanges and queues when closed.
 */
public final class LabBroker implements AutoCloseable {

    public static final String URI = "amqp://guest:guest@127.0.0.1:5672/%2F";

    private final Topology topology = new Topology("it-kill-" + UUID.randomUUID().toString().substring(0, 8));
    private final String host;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final Connection connection;
    private final Channel channel;
    private final List<Envelope> reports = new ArrayList<>();

    public LabBroker(String host) throws Exception {
        this.host = host;
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(URI);
        connection = factory.newConnection("lab-broker-" + host);
        channel = connection.createChannel();
        channel.confirmSelect();
        channel.exchangeDeclare(topology.commandsExchange(), BuiltinExchangeType.DIRECT, true);
        channel.exchangeDeclare(topology.eventsExchange(), BuiltinExchangeType.TOPIC, true);
        channel.queueDeclare(topology.agentQueue(host), true, false, false, null);
        channel.queueBind(topology.agentQueue(host), topology.commandsExchange(), topology.commandRoutingKey(host));
        channel.queueDeclare(topology.serviceEventsQueue(), true, false, false, null);
        channel.queueBind(topology.serviceEventsQueue(), topology.eventsExchange(), topology.allReportsBinding());
        channel.basicConsume(topology.serviceEventsQueue(), true, (tag, delivery) -> {
            try {
                Envelope report = codec.decode(delivery.getBody());
                synchronized (reports) {
                    reports.add(report);
                }
            } catch (ProtocolViolation e) {
                throw new IllegalStateException("the agent sent a report the service would reject: " + e.getMessage(), e);
            }
        }, tag -> { });
    }

    public String prefix() {
        return topology.prefix();
    }

    /** Publishes a command under {@code id} and waits for the broker's confirm. */
    public void send(String id, Command command) throws Exception {
        Envelope envelope = Envelope.command(id, host, "campaign-kill", command, Instant.now());
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(2).messageId(id).type(envelope.type().wireName()).timestamp(Date.from(envelope.issuedAt()))
                .build();
        channel.basicPublish(topology.commandsExchange(), topology.commandRoutingKey(host), true, props, codec.encode(envelope));
        channel.waitForConfirmsOrDie(10_000);
    }

    /** Waits for the agent's first hello (it is connected and consumes its queue). */
    public void awaitHello(Instant since, Duration timeout) {
        await(timeout, "no hello from the agent", () -> reportsSince(since).stream()
                .filter(e -> e.payload() instanceof Report.AgentHello).findFirst());
    }

    /** The results the agent sent for this command, in arrival order. */
    public List<Report.CommandResult> results(String commandId) {
        synchronized (reports) {
            return reports.stream().map(Envelope::payload).filter(p -> p instanceof Report.CommandResult)
                    .map(p -> (Report.CommandResult) p).filter(r -> r.commandId().equals(commandId)).toList();
        }
    }

    public Report.CommandResult awaitResult(String commandId, Duration timeout) {
        return await(timeout, "no result for command " + commandId, () -> results(commandId).stream().findFirst());
    }

    /** The progress steps the agent reported for this command. */
    public List<String> progress(String commandId) {
        synchronized (reports) {
            return reports.stream().map(Envelope::payload).filter(p -> p instanceof Report.CommandProgress)
                    .map(p -> (Report.CommandProgress) p).filter(r -> r.commandId().equals(commandId))
                    .map(p -> p.step() + " " + p.message()).toList();
        }
    }

    private List<Envelope> reportsSince(Instant since) {
        synchronized (reports) {
            return reports.stream().filter(e -> !e.issuedAt().isBefore(since)).toList();
        }
    }

    private static <T> T await(Duration timeout, String what, java.util.function.Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            LockSupport.parkNanos(20_000_000);
        }
        throw new AssertionError(what + " within " + timeout);
    }

    @Override
    public void close() throws Exception {
        try {
            channel.queueDelete(topology.agentQueue(host));
            channel.queueDelete(topology.serviceEventsQueue());
            channel.exchangeDelete(topology.commandsExchange());
            channel.exchangeDelete(topology.eventsExchange());
        } finally {
            connection.close();
        }
    }
}
