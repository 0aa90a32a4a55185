package io.molt.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads and writes {@link Envelope}s as JSON. Reading validates everything a peer can get wrong and
 * says what with a {@link ProtocolViolation}; it never lets a malformed message through half-read.
 * Unknown payload fields are ignored and absent numbers and flags read as zero and false, so that a
 * newer minor revision of a peer can add fields; required text and objects are checked by the records. A value
 * of an enum that this build does not know ({@link UnknownValue}) makes the message invalid: a new value needs a
 * new protocol version, and each side addresses the other in the version it said it speaks.
 */
public final class ProtocolCodec {

    private static final int MAX_MESSAGE_BYTES = 1 << 20;

    private final ObjectMapper mapper = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public byte[] encode(Envelope envelope) {
        ObjectNode json = mapper.createObjectNode();
        json.put("id", envelope.id());
        json.put("type", envelope.type().wireName());
        json.put("protocolVersion", envelope.protocolVersion());
        json.put("host", envelope.host());
        if (envelope.campaignId() != null) {
            json.put("campaignId", envelope.campaignId());
        }
        json.put("issuedAt", envelope.issuedAt().toString());
        json.set("payload", mapper.valueToTree(envelope.payload()));
        try {
            return mapper.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + envelope.type(), e);
        }
    }

    public Envelope decode(byte[] body) throws ProtocolViolation {
        if (body == null || body.length == 0) {
            throw new ProtocolViolation(ProtocolViolation.Reason.MALFORMED_JSON, "empty message body");
        }
        if (body.length > MAX_MESSAGE_BYTES) {
            throw new ProtocolViolation(ProtocolViolation.Reason.MALFORMED_JSON,
                    "message of " + body.length + " bytes exceeds the limit of " + MAX_MESSAGE_BYTES);
        }
        JsonNode json = parse(body);
        MessageType type = type(json);
        int version = version(json);
        Payload payload = payload(json, type);
        try {
            return new Envelope(text(json, "id"), type, version, text(json, "host"),
                    json.hasNonNull("campaignId") ? json.get("campaignId").asText() : null,
                    issuedAt(json), payload);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProtocolViolation(ProtocolViolation.Reason.INVALID_FIELD, e.getMessage());
        }
    }

    private JsonNode parse(byte[] body) throws ProtocolViolation {
        try {
            JsonNode json = mapper.readTree(body);
            if (json == null || !json.isObject()) {
                throw new ProtocolViolation(ProtocolViolation.Reason.MALFORMED_JSON, "message is not a JSON object");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new ProtocolViolation(ProtocolViolation.Reason.MALFORMED_JSON,
                    "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ProtocolViolation(ProtocolViolation.Reason.MALFORMED_JSON, "unreadable body: " + e.getMessage());
        }
    }

    private static MessageType type(JsonNode json) throws ProtocolViolation {
        String wireName = text(json, "type");
        if (wireName == null) {
            throw new ProtocolViolation(ProtocolViolation.Reason.UNKNOWN_TYPE, "type is required");
        }
        return MessageType.fromWireName(wireName).orElseThrow(() ->
                new ProtocolViolation(ProtocolViolation.Reason.UNKNOWN_TYPE, "unknown message type '" + wireName + "'"));
    }

    private static int version(JsonNode json) throws ProtocolViolation {
        JsonNode version = json.get("protocolVersion");
        if (version == null || !version.canConvertToInt() || !version.isIntegralNumber()) {
            throw new ProtocolViolation(ProtocolViolation.Reason.UNSUPPORTED_VERSION,
                    "protocolVersion must be an integer");
        }
        if (!ProtocolVersion.isSupported(version.intValue())) {
            throw new ProtocolViolation(ProtocolViolation.Reason.UNSUPPORTED_VERSION,
                    "protocol version " + version.intValue() + " is not supported (supported: "
                            + ProtocolVersion.OLDEST_SUPPORTED + ".." + ProtocolVersion.CURRENT + ")");
        }
        return version.intValue();
    }

    private Payload payload(JsonNode json, MessageType type) throws ProtocolViolation {
        JsonNode payload = json.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new ProtocolViolation(ProtocolViolation.Reason.INVALID_FIELD, "payload must be a JSON object");
        }
        try {
            return mapper.treeToValue(payload, type.payloadClass());
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String detail = cause instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : cause.getMessage();
            String id = type.isCommand() ? text(json, "id") : null;
            throw new ProtocolViolation(ProtocolViolation.Reason.INVALID_FIELD,
                    "invalid " + type.wireName() + " payload: " + detail, id == null || id.isBlank() ? null : id,
                    text(json, "host"), cause instanceof UnknownValue unknown ? unknown.code() : null);
        }
    }

    private static Instant issuedAt(JsonNode json) throws ProtocolViolation {
        String value = text(json, "issuedAt");
        if (value == null) {
            throw new ProtocolViolation(ProtocolViolation.Reason.INVALID_FIELD, "issuedAt is required");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProtocolViolation(ProtocolViolation.Reason.INVALID_FIELD,
                    "issuedAt must be an ISO-8601 instant, was '" + value + "'");
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
