package io.molt.service.adapter.amqp;

import io.molt.protocol.Envelope;
import io.molt.protocol.ProtocolCodec;
import io.molt.protocol.ProtocolVersion;
import io.molt.protocol.Topology;
import io.molt.service.domain.agent.AgentRecord;
import io.molt.service.domain.port.Agents;
import io.molt.service.domain.port.HostAgents;
import java.util.Date;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * {@link HostAgents} over RabbitMQ: persistent messages, publisher confirms, per-host durable queues.
 * Replaced by the simulated agents when {@code molt.simulation.enabled=true}.
 */
@Component
@ConditionalOnProperty(prefix = "molt.simulation", name = "enabled", havingValue = "false", matchIfMissing = true)
class AmqpHostAgents implements HostAgents {

    private static final long CONFIRM_TIMEOUT_MS = 10_000;

    private final ConfirmedPublisher publisher;
    private final AmqpAdmin admin;
    private final Topology topology;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final Set<String> declaredHosts = ConcurrentHashMap.newKeySet();
    private final Agents agents;

    AmqpHostAgents(RabbitTemplate rabbit, AmqpAdmin admin, Topology topology, Agents agents) {
        this.publisher = new ConfirmedPublisher(rabbit, CONFIRM_TIMEOUT_MS);
        this.admin = admin;
        this.topology = topology;
        this.agents = agents;
    }

    /**
     * Publishes the command in the protocol version its host's agent said hello in ({@link
     * ProtocolVersion#toSpeakWith}): an agent rejects a version it does not speak, and a command has the same
     * form in versions 1 and 2.
     */
    @Override
    public void send(Envelope envelope) {
        if (!envelope.type().isCommand()) {
            throw new IllegalArgumentException(envelope.type().wireName() + " is not a command");
        }
        int version = ProtocolVersion.toSpeakWith(agents.find(envelope.host()).map(AgentRecord::protocolVersion)
                .orElse(null));
        Envelope command = new Envelope(envelope.id(), envelope.type(), version, envelope.host(), envelope.campaignId(),
                envelope.issuedAt(), envelope.payload());
        declareQueueOf(command.host());
        Message message = MessageBuilder.withBody(codec.encode(command))
                .setContentType("application/json")
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .setMessageId(command.id())
                .setType(command.type().wireName())
                .setTimestamp(Date.from(command.issuedAt()))
                .build();
        publisher.publish(topology.commandsExchange(), topology.commandRoutingKey(command.host()), message);
    }

    private void declareQueueOf(String host) {
        if (declaredHosts.contains(host)) {
            return;
        }
        Queue queue = QueueBuilder.durable(topology.agentQueue(host)).build();
        admin.declareQueue(queue);
        Binding binding = BindingBuilder.bind(queue).to(new DirectExchange(topology.commandsExchange()))
                .with(topology.commandRoutingKey(host));
        admin.declareBinding(binding);
        declaredHosts.add(host);
    }
}
