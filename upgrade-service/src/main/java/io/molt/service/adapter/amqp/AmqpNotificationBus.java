package io.molt.service.adapter.amqp;

import io.molt.protocol.Topology;
import io.molt.service.domain.port.NotificationBus;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * {@link NotificationBus} on the notifications topic exchange: persistent JSON messages with publisher confirms.
 * The routing key is {@code <topic>.<priority>}; a consumer binds its own queue, e.g. to {@code notifications.*}.
 */
@Component
class AmqpNotificationBus implements NotificationBus {

    private static final long CONFIRM_TIMEOUT_MS = 10_000;

    private final ConfirmedPublisher publisher;
    private final Topology topology;

    AmqpNotificationBus(RabbitTemplate rabbit, Topology topology) {
        this.publisher = new ConfirmedPublisher(rabbit, CONFIRM_TIMEOUT_MS);
        this.topology = topology;
    }

    @Override
    public void publish(String routingKey, String messageId, byte[] body) {
        Message message = MessageBuilder.withBody(body)
                .setContentType("application/json")
                .setContentEncoding("utf-8")
                .setDeliveryMode(MessageDeliveryMode.PERSISTENT)
                .setMessageId(messageId)
                .build();
        publisher.publish(topology.notificationsExchange(), routingKey, message);
    }
}
