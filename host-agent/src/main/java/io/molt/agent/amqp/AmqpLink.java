package io.molt.agent.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DeliverCallback;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import io.molt.protocol.Envelope;
import io.molt.protocol.ProtocolCodec;
import io.molt.protocol.Topology;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's connection to the broker: declares what it uses, consumes its own queue only, publishes
 * reports with publisher confirms, and recovers by itself when the broker goes away and comes back.
 */
public final class AmqpLink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AmqpLink.class);
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);

    private final String host;
    private final Topology topology;
    private final ProtocolCodec codec;
    private final Connection connection;
    private Channel publishChannel;
    private final Channel consumeChannel;
    private final String userName;

    private AmqpLink(String host, Topology topology, ProtocolCodec codec, Connection connection, String userName)
            throws IOException {
        this.host = host;
        this.topology = topology;
        this.codec = codec;
        this.connection = connection;
        this.userName = userName;
        this.publishChannel = connection.createChannel();
        this.publishChannel.confirmSelect();
        this.consumeChannel = connection.createChannel();
        this.consumeChannel.basicQos(4);
        declare(publishChannel);
    }

    /**
     * Connects, retrying every {@code retryEvery} until the broker answers or the thread is interrupted.
     * {@code caFile}: for {@code amqps://}, the CAs the broker's certificate must chain to (null: the JVM's).
     */
    public static AmqpLink connect(URI uri, Path caFile, String host, Topology topology, ProtocolCodec codec,
            Duration retryEvery) throws InterruptedException {
        ConnectionFactory factory = factory(uri, caFile);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(retryEvery.toMillis());
        factory.setRequestedHeartbeat(10);
        factory.setConnectionTimeout(5_000);
        while (true) {
            try {
                Connection connection = factory.newConnection("molt-agent@" + host);
                log.info("connected to the broker at {}:{}", factory.getHost(), factory.getPort());
                return new AmqpLink(host, topology, codec, connection, factory.getUsername());
            } catch (IOException | TimeoutException e) {
                log.warn("broker at {}:{} not reachable ({}); retrying in {} ms", factory.getHost(), factory.getPort(),
                        e.getMessage(), retryEvery.toMillis());
                Thread.sleep(retryEvery.toMillis());
            }
        }
    }

    /**
     * A factory for the URI; over {@code amqps://} the broker's certificate is verified against the CA file and
     * its host name checked against the URI's host.
     */
    static ConnectionFactory factory(URI uri, Path caFile) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
        } catch (Exception e) {
            throw new IllegalArgumentException("unusable AMQP URI (scheme " + uri.getScheme() + ", host "
                    + uri.getHost() + ")", e);
        }
        if ("amqps".equals(uri.getScheme())) {
            factory.useSslProtocol(BrokerTls.context(caFile));
            factory.enableHostnameVerification();
        }
        return factory;
    }

    private void declare(Channel channel) throws IOException {
        channel.exchangeDeclare(topology.commandsExchange(), BuiltinExchangeType.DIRECT, true);
        channel.exchangeDeclare(topology.eventsExchange(), BuiltinExchangeType.TOPIC, true);
        channel.queueDeclare(topology.agentQueue(host), true, false, false, null);
        channel.queueBind(topology.agentQueue(host), topology.commandsExchange(), topology.commandRoutingKey(host));
    }

    /** What the agent does with one command message: it acks or rejects the delivery tag itself. */
    @FunctionalInterface
    public interface CommandDelivery {
        void deliver(long deliveryTag, byte[] body);
    }

    /** Consumes this host's command queue; the callback acks or rejects each delivery itself. */
    public void consumeCommands(CommandDelivery onDelivery) throws IOException {
        DeliverCallback callback = (consumerTag, delivery) ->
                onDelivery.deliver(delivery.getEnvelope().getDeliveryTag(), delivery.getBody());
        consumeChannel.basicConsume(topology.agentQueue(host), false, "molt-agent-" + host, callback, tag -> { });
    }

    public void ack(long deliveryTag) throws IOException {
        consumeChannel.basicAck(deliveryTag, false);
    }

    /** Rejects a delivery that can never be processed (malformed, forged): it is not redelivered. */
    public void reject(long deliveryTag) throws IOException {
        consumeChannel.basicReject(deliveryTag, false);
    }

    /**
     * Publishes a report and waits for the broker's confirm; throws if the broker did not take it. A publish
     * channel that is closed (a confirm that timed out or was refused closes it, and so does a channel error;
     * the client's recovery brings back only channels a lost connection closed) is replaced by a new one first,
     * so that one refused report does not silence the agent until it restarts.
     */
    public synchronized void publish(Envelope report) throws IOException {
        if (!publishChannel.isOpen()) {
            log.info("publish channel closed ({}): opening a new one", publishChannel.getCloseReason() == null ? "?"
                    : publishChannel.getCloseReason().getMessage());
            publishChannel = connection.createChannel();
            publishChannel.confirmSelect();
        }
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType("application/json")
                .deliveryMode(2)
                .messageId(report.id())
                .type(report.type().wireName())
                .userId(userName)
                .timestamp(java.util.Date.from(report.issuedAt()))
                .build();
        publishChannel.basicPublish(topology.eventsExchange(), topology.reportRoutingKey(report.type(), host),
                true, props, codec.encode(report));
        try {
            publishChannel.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the broker's confirm", e);
        } catch (TimeoutException e) {
            throw new IOException("the broker did not confirm a report within " + CONFIRM_TIMEOUT, e);
        }
    }

    public boolean isOpen() {
        return connection.isOpen();
    }

    /** Calls {@code onRecovered} each time the connection has recovered after a broker outage. */
    public void onRecovery(Runnable onRecovered) {
        ((Recoverable) connection).addRecoveryListener(new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable recoverable) {
                log.info("connection to the broker recovered");
                onRecovered.run();
            }

            @Override
            public void handleRecoveryStarted(Recoverable recoverable) {
                log.warn("connection to the broker lost; recovering");
            }
        });
    }

    @Override
    public void close() {
        try {
            connection.close(2_000);
        } catch (Exception e) {
            log.debug("closing the broker connection: {}", e.toString());
        }
    }
}
