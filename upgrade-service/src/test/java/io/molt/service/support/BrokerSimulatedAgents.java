package io.molt.service.support;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.molt.protocol.Envelope;
import io.molt.protocol.ProtocolCodec;
import io.molt.protocol.ProtocolViolation;
import io.molt.protocol.Report;
import io.molt.protocol.Topology;
import io.molt.service.adapter.simulation.SimulatedAgents;
import io.molt.service.adapter.simulation.SimulatedCloud;
import io.molt.service.adapter.simulation.SimulatedTimings;
import io.molt.service.domain.cloud.Host;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated agents of a {@link SimulatedCloud}, reached through the broker as real agents are: each host's
 * agent consumes its durable command queue and publishes its reports on the events exchange with the broker's
 * confirm, the way the host agent's AMQP link does. As the host agent, it acknowledges a command only once the
 * broker has confirmed the command's result: a result lost with the broker (a restart) leaves the command
 * unacknowledged, the broker delivers it again, and the agent's ledger answers it with the recorded result. The
 * agents live in this (the test's) JVM, so they outlive any service replica that is killed, as agents on their
 * own hosts do.
 */
public final class BrokerSimulatedAgents implements AutoCloseable {

    private final Connection connection;
    private Channel publish;
    private final Topology topology;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final SimulatedAgents agents;
    private final Map<String, CommandDelivery> unacknowledged = new ConcurrentHashMap<>();

    /** A command's delivery, acknowledged once its result is confirmed. */
    private record CommandDelivery(Channel channel, long tag) {
    }

    private BrokerSimulatedAgents(Connection connection, Topology topology, SimulatedCloud cloud,
            SimulatedTimings timings, String upgradedVersion) throws IOException {
        this.connection = connection;
        this.topology = topology;
        this.publish = connection.createChannel();
        publish.confirmSelect();
        List<String> hosts = cloud.snapshot().hosts().stream().map(Host::name).toList();
        this.agents = new SimulatedAgents(cloud, timings, hosts, upgradedVersion, this::publish);
    }

    /**
     * Declares what the service and the agents declare under {@code topology} on the broker at
     * {@code amqpHost:amqpPort} (guest), starts consuming every host's queue and starts the agents' hello and
     * heartbeats. The connection recovers by itself after a broker restart, as the host agent's does.
     */
    public static BrokerSimulatedAgents start(String amqpHost, int amqpPort, Topology topology, SimulatedCloud cloud,
            SimulatedTimings timings, String upgradedVersion, Duration heartbeat) {
        try {
            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost(amqpHost);
            factory.setPort(amqpPort);
            factory.setUsername("guest");
            factory.setPassword("guest");
            factory.setAutomaticRecoveryEnabled(true);
            factory.setNetworkRecoveryInterval(500);
            BrokerSimulatedAgents bridge = new BrokerSimulatedAgents(factory.newConnection("molt-simulated-agents"),
                    topology, cloud, timings, upgradedVersion);
            bridge.declareAndConsume(cloud);
            bridge.agents.start(heartbeat);
            return bridge;
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect the simulated agents to the broker at " + amqpHost, e);
        }
    }

    /** The agents themselves: their counters and faults. */
    public SimulatedAgents agents() {
        return agents;
    }

    @Override
    public void close() {
        agents.close();
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            // already closed
        }
    }

    private void declareAndConsume(SimulatedCloud cloud) throws IOException {
        Channel channel = connection.createChannel();
        channel.exchangeDeclare(topology.commandsExchange(), BuiltinExchangeType.DIRECT, true);
        channel.exchangeDeclare(topology.eventsExchange(), BuiltinExchangeType.TOPIC, true);
        channel.exchangeDeclare(topology.notificationsExchange(), BuiltinExchangeType.TOPIC, true);
        channel.queueDeclare(topology.serviceEventsQueue(), true, false, false, null);
        channel.queueBind(topology.serviceEventsQueue(), topology.eventsExchange(), topology.allReportsBinding());
        for (Host host : cloud.snapshot().hosts()) {
            String queue = topology.agentQueue(host.name());
            channel.queueDeclare(queue, true, false, false, null);
            channel.queueBind(queue, topology.commandsExchange(), topology.commandRoutingKey(host.name()));
            Channel consume = connection.createChannel();
            consume.basicConsume(queue, false, "molt-simulated-agent-" + host.name(), (tag, delivery) -> {
                try {
                    Envelope command = codec.decode(delivery.getBody());
                    unacknowledged.put(command.id(),
                            new CommandDelivery(consume, delivery.getEnvelope().getDeliveryTag()));
                    agents.send(command);
                } catch (ProtocolViolation e) {
                    consume.basicReject(delivery.getEnvelope().getDeliveryTag(), false);
                }
            }, tag -> { });
        }
        // the channel stays open: the connection's recovery declares again what was declared on it
    }

    /**
     * A command whose result the broker did not take goes back to its queue, to be delivered again and answered
     * from the ledger (where its channel died with the broker, the broker does so by itself).
     */
    private void requeueCommandOf(Envelope report) {
        if (report.payload() instanceof Report.CommandResult result) {
            CommandDelivery delivery = unacknowledged.remove(result.commandId());
            if (delivery != null) {
                try {
                    delivery.channel().basicNack(delivery.tag(), false, true);
                } catch (IOException | RuntimeException e) {
                    // the channel died with the broker, which puts the command back by itself
                }
            }
        }
    }

    private void publish(Envelope report) {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(2).messageId(report.id()).type(report.type().wireName())
                .timestamp(Date.from(report.issuedAt())).build();
        synchronized (this) {
            try {
                if (!publish.isOpen()) {  // closed by a confirm that timed out: the client does not recover it
                    publish = connection.createChannel();
                    publish.confirmSelect();
                }
                publish.basicPublish(topology.eventsExchange(), topology.reportRoutingKey(report.type(),
                        report.host()), true, props, codec.encode(report));
                publish.waitForConfirmsOrDie(10_000);
            } catch (IOException e) {
                requeueCommandOf(report);
                throw new UncheckedIOException("the broker did not take a report of " + report.host(), e);
            } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
                requeueCommandOf(report);
                throw new IllegalStateException("the broker did not confirm a report of " + report.host(), e);
            } catch (RuntimeException e) {
                requeueCommandOf(report);
                throw new IllegalStateException("the broker refused a report of " + report.host(), e);
            }
        }
        if (report.payload() instanceof Report.CommandResult result) {
            CommandDelivery delivery = unacknowledged.remove(result.commandId());
            if (delivery != null) {
                try {
                    delivery.channel().basicAck(delivery.tag(), false);
                } catch (IOException | RuntimeException e) {
                    // the channel died with the broker: the command comes again, its recorded result with it
                }
            }
        }
    }
}
