package io.molt.service.settings;

import jakarta.validation.constraints.Pattern;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tenant notifications ({@code molt.notifications.*}, docs/notifications.md); documented in docs/configuration.md.
 *
 * @param enabled     whether campaigns send notifications on the notifications exchange (default true)
 * @param publisherId the envelope's {@code publisher_id}; empty: {@code molt.<host name of the service>}
 * @param topic       the routing key is {@code <topic>.<priority>}, e.g. {@code notifications.info}, as
 *                    oslo.messaging's notifier does (default {@code notifications})
 */
@Validated
@ConfigurationProperties("molt.notifications")
public record NotificationProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("") String publisherId,
        @DefaultValue("notifications") @Pattern(regexp = "[A-Za-z0-9_-]{1,64}",
                message = "must be 1-64 letters, digits, '-' or '_'") String topic) {

    /** The publisher id to send: the configured one, or {@code molt.<host name>}. */
    public String publisher() {
        if (publisherId != null && !publisherId.isBlank()) {
            return publisherId;
        }
        try {
            return "molt." + InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "molt.localhost";
        }
    }
}
