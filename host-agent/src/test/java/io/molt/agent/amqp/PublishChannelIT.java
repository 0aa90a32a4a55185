package io.molt.agent.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.molt.protocol.Envelope;
import io.molt.protocol.ProtocolCodec;
import io.molt.protocol.Report;
import io.molt.protocol.Topology;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Found with the broker-restart fault (issue 16), whose simulated agents published as the agent does: once the
 * broker refused one report, the agent's publish channel was closed
 * for good (a refused or unconfirmed publish closes it, and the client's recovery brings back only channels a lost
 * connection closed), so the agent sent no report, heartbeat or result again until it was restarted. On the
 * local RabbitMQ: the events exchange deleted (a publish to it closes the channel), then declared again.
 */
class PublishChannelIT {

    private static final String HOST = "compute-publish";

    @Test
    void aReportRefusedOnceDoesNotSilenceTheAgent() throws Exception {
        Topology topology = new Topology("it-publish-" + UUID.randomUUID().toString().substring(0, 8));
        ConnectionFactory admin = new ConnectionFactory();
        admin.setHost("127.0.0.1");
        try (AmqpLink link = AmqpLink.connect(URI.create("amqp://guest:guest@127.0.0.1:5672/%2F"), null, HOST, topology,
                new ProtocolCodec(), Duration.ofMillis(200));
                Connection connection = admin.newConnection("publish-channel-it")) {
            Channel channel = connection.createChannel();
            String queue = channel.queueDeclare().getQueue();
            channel.queueBind(queue, topology.eventsExchange(), "report.#");
            link.publish(heartbeat());
            assertThat(awaitMessage(channel, queue)).as("a report before").isNotNull();

            channel.exchangeDelete(topology.eventsExchange());
            assertThatThrownBy(() -> link.publish(heartbeat())).as("a report to no exchange").isNotNull();

            channel.exchangeDeclare(topology.eventsExchange(), "topic", true);
            channel.queueBind(queue, topology.eventsExchange(), "report.#");
            link.publish(heartbeat());
            assertThat(awaitMessage(channel, queue)).as("a report once the exchange is back").isNotNull();
        } finally {
            try (Connection connection = admin.newConnection("publish-channel-it-clean-up")) {
                Channel channel = connection.createChannel();
                channel.exchangeDelete(topology.eventsExchange());
                channel.exchangeDelete(topology.commandsExchange());
                channel.queueDelete(topology.agentQueue(HOST));
            }
        }
    }

    private static Envelope heartbeat() {
        return Envelope.of(HOST, null, new Report.Heartbeat(1), Instant.now());
    }

    private static GetResponse awaitMessage(Channel channel, String queue) throws Exception {
        for (int i = 0; i < 50; i++) {
            GetResponse got = channel.basicGet(queue, true);
            if (got != null) {
                return got;
            }
            Thread.sleep(100);
        }
        return null;
    }
}
