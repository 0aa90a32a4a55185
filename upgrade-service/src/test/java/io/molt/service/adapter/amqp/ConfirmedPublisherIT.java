package io.molt.service.adapter.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.service.support.ServiceTestEnvironment;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory.ConfirmType;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * {@link ConfirmedPublisher} on the real RabbitMQ: a message to an exchange that does not exist fails every
 * time (the broker closes the channel; no publish may look confirmed), and once the exchange is there the same
 * publisher's messages arrive, in order.
 */
class ConfirmedPublisherIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    private final CachingConnectionFactory connections = connections();
    private final RabbitTemplate rabbit = new RabbitTemplate(connections);
    private final RabbitAdmin admin = new RabbitAdmin(connections);
    private final ConfirmedPublisher publisher = new ConfirmedPublisher(rabbit, 10_000);
    private final String exchange = "it-confirmed-" + RUN;

    @AfterEach
    void cleanUp() {
        admin.deleteQueue(exchange + ".q");
        admin.deleteExchange(exchange);
        connections.destroy();
    }

    @Test
    void aMessageTheBrokerRefusesNeverLooksSentAndOnceTheExchangeIsThereTheyArrive() {
        for (int i = 0; i < 40; i++) {
            int n = i;
            assertThatThrownBy(() -> publisher.publish(exchange, "k", message("lost-" + n)))
                    .as("publish %d to a missing exchange", n).isInstanceOf(AmqpException.class);
        }

        Queue queue = new Queue(exchange + ".q", false, false, false);
        admin.declareExchange(new DirectExchange(exchange, false, false));
        admin.declareQueue(queue);
        admin.declareBinding(BindingBuilder.bind(queue).to(new DirectExchange(exchange)).with("k"));
        for (int i = 0; i < 5; i++) {
            publisher.publish(exchange, "k", message("sent-" + i));
        }

        for (int i = 0; i < 5; i++) {
            Message received = rabbit.receive(queue.getName(), 5_000);
            assertThat(received).as("message %d", i).isNotNull();
            assertThat(new String(received.getBody(), StandardCharsets.UTF_8)).isEqualTo("sent-" + i);
            assertThat(received.getMessageProperties().getMessageId()).isEqualTo("id-sent-" + i);
            assertThat(received.getMessageProperties().getContentType()).isEqualTo("text/plain");
        }
        assertThat(rabbit.receive(queue.getName(), 200)).as("nothing else").isNull();
    }

    private static Message message(String text) {
        return MessageBuilder.withBody(text.getBytes(StandardCharsets.UTF_8)).setContentType("text/plain")
                .setMessageId("id-" + text).build();
    }

    private static CachingConnectionFactory connections() {
        CachingConnectionFactory factory = new CachingConnectionFactory(URI.create(ServiceTestEnvironment.AMQP_URI));
        factory.setPublisherConfirmType(ConfirmType.SIMPLE);
        return factory;
    }
}
