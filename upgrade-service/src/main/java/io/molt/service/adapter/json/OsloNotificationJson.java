package io.molt.service.adapter.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.domain.campaign.Notification;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link Notification} in the oslo.messaging notification envelope (version 2.0), as OpenStack services send
 * theirs: {@code {"oslo.version": "2.0", "oslo.message": "<JSON text>"}}, the inner message holding
 * {@code message_id}, {@code publisher_id}, {@code event_type}, {@code priority}, {@code payload} and
 * {@code timestamp} (UTC, {@code 2026-12-03 06:20:00.123456}, as oslo.utils writes it). The payload is a versioned
 * object as in Nova's versioned notifications, under {@code molt_object.*} keys.
 */
public final class OsloNotificationJson {

    private static final DateTimeFormatter OSLO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private final ObjectMapper mapper = new ObjectMapper();
    private final String publisherId;
    private final String topic;

    public OsloNotificationJson(String publisherId, String topic) {
        this.publisherId = publisherId;
        this.topic = topic;
    }

    /** The routing key on the notifications exchange: {@code <topic>.<priority>}. */
    public String routingKey(Notification notification) {
        return topic + "." + notification.priority().name().toLowerCase(Locale.ROOT);
    }

    public byte[] encode(Notification notification) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("molt_object.name", notification.payloadName());
        payload.put("molt_object.namespace", "molt");
        payload.put("molt_object.version", notification.payloadVersion());
        payload.put("molt_object.data", notification.payload());
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("message_id", notification.messageId());
        message.put("publisher_id", publisherId);
        message.put("event_type", notification.eventType());
        message.put("priority", notification.priority().name());
        message.put("payload", payload);
        message.put("timestamp", OSLO_TIME.format(notification.timestamp()));
        try {
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put("oslo.version", "2.0");
            envelope.put("oslo.message", mapper.writeValueAsString(message));
            return mapper.writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
