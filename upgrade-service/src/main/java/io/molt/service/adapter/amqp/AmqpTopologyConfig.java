package io.molt.service.adapter.amqp;

import io.molt.protocol.Topology;
import io.molt.service.settings.MoltProperties;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Declares what the service owns on the broker: the commands exchange (direct, by host), the events
 * exchange (topic) with the service's durable queue bound to every report, and the notifications
 * exchange. Per-host command queues are declared by each agent, and by the service before it sends a
 * host its first command (so commands wait for an agent that is not connected yet).
 */
@Configuration(proxyBeanMethods = false)
class AmqpTopologyConfig {

    @Bean
    Topology topology(MoltProperties properties) {
        return new Topology(properties.amqp().prefix());
    }

    @Bean
    Declarables moltTopology(Topology topology) {
        DirectExchange commands = new DirectExchange(topology.commandsExchange(), true, false);
        TopicExchange events = new TopicExchange(topology.eventsExchange(), true, false);
        TopicExchange notifications = new TopicExchange(topology.notificationsExchange(), true, false);
        Queue serviceEvents = QueueBuilder.durable(topology.serviceEventsQueue()).build();
        Binding reports = BindingBuilder.bind(serviceEvents).to(events).with(topology.allReportsBinding());
        return new Declarables(commands, events, notifications, serviceEvents, reports);
    }
}
