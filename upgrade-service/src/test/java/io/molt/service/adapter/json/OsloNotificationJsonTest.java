package io.molt.service.adapter.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.domain.campaign.Notification;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The oslo.messaging 2.0 envelope around a notification, as OpenStack's consumers read it. */
class OsloNotificationJsonTest {

    private final OsloNotificationJson oslo = new OsloNotificationJson("molt.controller-1", "notifications");
    private final Notification notification = new Notification("0d05d8b2-e7e3-4800-9edf-8d0b126a067b",
            "molt.maintenance.start", Notification.Priority.WARN, Instant.parse("2026-12-03T06:39:18.278959123Z"),
            "MaintenancePayload", "1.0", Map.of("instance_uuid", "vm-1"));

    @Test
    void theMessageIsAJsonStringInsideTheEnvelopeWithOslosFieldsAndAVersionedPayload() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode envelope = json.readTree(oslo.encode(notification));
        assertThat(envelope.path("oslo.version").asText()).isEqualTo("2.0");
        assertThat(envelope.path("oslo.message").isTextual()).isTrue();
        JsonNode message = json.readTree(envelope.path("oslo.message").asText());
        assertThat(message.path("message_id").asText()).isEqualTo(notification.messageId());
        assertThat(message.path("publisher_id").asText()).isEqualTo("molt.controller-1");
        assertThat(message.path("event_type").asText()).isEqualTo("molt.maintenance.start");
        assertThat(message.path("priority").asText()).isEqualTo("WARN");
        assertThat(message.path("timestamp").asText()).isEqualTo("2026-12-03 06:39:18.278959");
        assertThat(message.path("payload").path("molt_object.name").asText()).isEqualTo("MaintenancePayload");
        assertThat(message.path("payload").path("molt_object.namespace").asText()).isEqualTo("molt");
        assertThat(message.path("payload").path("molt_object.version").asText()).isEqualTo("1.0");
        assertThat(message.path("payload").path("molt_object.data").path("instance_uuid").asText()).isEqualTo("vm-1");
    }

    @Test
    void theRoutingKeyIsTopicDotPriority() {
        assertThat(oslo.routingKey(notification)).isEqualTo("notifications.warn");
    }
}
