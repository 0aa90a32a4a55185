package io.molt.service.domain.port;

/**
 * Where tenant notifications go (docs/notifications.md): the broker's notifications exchange. The outbox hands
 * each stored notification over as the bytes it was stored as, so a re-sent message is the same message.
 */
public interface NotificationBus {

    /** Publishes one notification and returns once the broker confirmed it; throws if it did not. */
    void publish(String routingKey, String messageId, byte[] body);
}
