package io.molt.protocol;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One message between the upgrade service and a host agent.
 *
 * @param id              unique per message; for a command it is the command id that the agent
 *                        answers with, and that makes a repeated delivery recognisable
 * @param type            the payload's wire name, see {@link MessageType}
 * @param protocolVersion the protocol version the sender speaks
 * @param host            the compute host the message is for (command) or from (report)
 * @param campaignId      the campaign this message belongs to, or {@code null}
 * @param issuedAt        when the sender created it
 * @param payload         the typed body
 */
public record Envelope(
        String id,
        MessageType type,
        int protocolVersion,
        String host,
        String campaignId,
        Instant issuedAt,
        Payload payload) {

    public Envelope {
        requireText(id, "id");
        Objects.requireNonNull(type, "type is required");
        HostNames.requireValid(host);
        Objects.requireNonNull(issuedAt, "issuedAt is required");
        Objects.requireNonNull(payload, "payload is required");
        if (type.payloadClass() != payload.getClass()) {
            throw new IllegalArgumentException(
                    "payload " + payload.getClass().getSimpleName() + " does not match type " + type.wireName());
        }
    }

    /** A new message with a fresh random id, stamped now, in the current protocol version. */
    public static Envelope of(String host, String campaignId, Payload payload, Instant now) {
        return new Envelope(UUID.randomUUID().toString(), MessageType.of(payload), ProtocolVersion.CURRENT,
                host, campaignId, now, payload);
    }

    /** A command with an id chosen by the caller (minted and stored before it is sent). */
    public static Envelope command(String commandId, String host, String campaignId, Command command, Instant now) {
        return new Envelope(commandId, MessageType.of(command), ProtocolVersion.CURRENT, host, campaignId, now, command);
    }

    static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }
}
