package io.molt.service.domain.campaign;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A notification for tenants and operators (docs/notifications.md): an event type such as
 * {@code molt.maintenance.start}, its priority, and a payload that is a versioned object (name, version,
 * fields), as Nova's versioned notifications are. Times are kept to the microsecond, as oslo.messaging writes them. Sent once per event through the outbox, in the oslo.messaging
 * envelope; {@code messageId} is what a consumer de-duplicates on.
 *
 * @param payload the payload object's fields (JSON values: strings, numbers, booleans, nested maps, null)
 */
public record Notification(String messageId, String eventType, Priority priority, Instant timestamp,
        String payloadName, String payloadVersion, Map<String, Object> payload) {

    /** oslo.messaging's notification priorities that Molt uses. */
    public enum Priority { INFO, WARN, ERROR }

    public Notification {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(priority, "priority");
        timestamp = Objects.requireNonNull(timestamp, "timestamp").truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Objects.requireNonNull(payloadName, "payloadName");
        Objects.requireNonNull(payloadVersion, "payloadVersion");
        payload = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(payload));
    }
}
