package io.molt.service.adapter.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.nio.charset.StandardCharsets;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ChannelProxy;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;

/**
 * Publishes a message and returns only once the broker has confirmed it, waiting on the very channel it was
 * published on. {@code RabbitTemplate.invoke(ops -> { send; waitForConfirmsOrDie })} does not always: when the
 * broker closes the channel because of the publish (an exchange that does not exist answers 404 by closing it)
 * before the wait starts, the cached channel's proxy opens a fresh channel for the wait, which has nothing
 * unconfirmed and returns at once, so a message the broker refused looked sent and its outbox row was marked
 * published. Here the wait is on the channel behind the proxy: a closed channel throws its close reason.
 */
final class ConfirmedPublisher {

    private final RabbitTemplate rabbit;
    private final long timeoutMs;
    private final MessagePropertiesConverter properties = new DefaultMessagePropertiesConverter();

    ConfirmedPublisher(RabbitTemplate rabbit, long timeoutMs) {
        this.rabbit = rabbit;
        this.timeoutMs = timeoutMs;
    }

    /** Sends {@code message}; throws an {@link AmqpException} unless the broker confirmed it. */
    void publish(String exchange, String routingKey, Message message) {
        rabbit.execute(channel -> {
            Channel target = channel instanceof ChannelProxy proxy ? proxy.getTargetChannel() : channel;
            if (target == null || !target.isOpen()) {
                throw new AmqpException("no open channel to the broker; the message was not sent");
            }
            AMQP.BasicProperties amqp = properties.fromMessageProperties(message.getMessageProperties(),
                    StandardCharsets.UTF_8.name());
            target.basicPublish(exchange, routingKey, false, amqp, message.getBody());
            target.waitForConfirmsOrDie(timeoutMs);
            return null;
        });
    }
}
