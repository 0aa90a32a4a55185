package io.molt.service.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.protocol.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * What a tenant's listener sees on the real broker: a queue of its own bound to every notification
 * ({@code notifications.*} on the notifications exchange), each message checked to be an oslo.messaging 2.0
 * envelope and kept in the order received. Deletes its queue when closed.
 */
public final class TenantListener implements AutoCloseable {

    private static final DateTimeFormatter OSLO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    /** One received notification: the envelope's inner message, parsed, and the message as it came. */
    public record Received(String eventType, String messageId, String publisherId, String priority,
            Instant timestamp, JsonNode payload, String body) {

        public JsonNode data() {
            return payload.path("molt_object.data");
        }

        public String field(String name) {
            return data().path(name).asText();
        }
    }

    private final RabbitTemplate rabbit;
    private final AmqpAdmin admin;
    private final Queue queue;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Received> seen = new ArrayList<>();

    public TenantListener(RabbitTemplate rabbit, AmqpAdmin admin, Topology topology) {
        this.rabbit = rabbit;
        this.admin = admin;
        this.queue = new Queue(topology.prefix() + ".tenant", false, false, false);
        admin.declareQueue(queue);
        admin.declareBinding(BindingBuilder.bind(queue).to(new TopicExchange(topology.notificationsExchange()))
                .with("notifications.*"));
    }

    /** Everything received so far, in order. */
    public List<Received> seen() {
        return seen;
    }

    /** The next message within 200 ms, or null. */
    public Received receive() {
        Message message = rabbit.receive(queue.getName(), 200);
        if (message == null) {
            return null;
        }
        try {
            JsonNode envelope = json.readTree(message.getBody());
            assertThat(envelope.path("oslo.version").asText()).isEqualTo("2.0");
            JsonNode inner = json.readTree(envelope.path("oslo.message").asText());
            assertThat(message.getMessageProperties().getMessageId()).isEqualTo(inner.path("message_id").asText());
            Received received = new Received(inner.path("event_type").asText(), inner.path("message_id").asText(),
                    inner.path("publisher_id").asText(), inner.path("priority").asText(),
                    LocalDateTime.parse(inner.path("timestamp").asText(), OSLO_TIME).toInstant(ZoneOffset.UTC),
                    inner.path("payload"), new String(message.getBody(), StandardCharsets.UTF_8));
            seen.add(received);
            return received;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Receives until nothing comes for 200 ms. */
    public List<Received> drain() {
        while (receive() != null) {
            // keep what came
        }
        return seen;
    }

    /** The notifications of one VM, in order. */
    public List<Received> ofVm(String vmUuid) {
        return seen.stream().filter(r -> r.eventType().startsWith("molt.maintenance.")
                && r.field("instance_uuid").equals(vmUuid)).toList();
    }

    /** The states a host went through, in order. */
    public List<String> hostStates(String host) {
        return seen.stream().filter(r -> r.eventType().equals("molt.host.update") && r.field("host").equals(host))
                .map(r -> r.field("state")).toList();
    }

    /** The campaign's moves, as {@code OLD->NEW}. */
    public List<String> campaignMoves(String campaignId) {
        return seen.stream().filter(r -> r.eventType().equals("molt.campaign.update")
                        && r.field("campaign_id").equals(campaignId))
                .map(r -> r.field("old_state") + "->" + r.field("state")).toList();
    }

    @Override
    public void close() {
        admin.deleteQueue(queue.getName());
    }
}
