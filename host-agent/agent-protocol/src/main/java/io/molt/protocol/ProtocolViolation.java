package io.molt.protocol;

/** A message that must be rejected, with the reason in a form fit for a log line and a metric tag. */
public final class ProtocolViolation extends Exception {

    /** Why a message was rejected; the lower-case name is used as a metric tag. */
    public enum Reason {
        MALFORMED_JSON,
        UNKNOWN_TYPE,
        UNSUPPORTED_VERSION,
        INVALID_FIELD,
        FOREIGN_HOST,
        WRONG_DIRECTION
    }

    private final Reason reason;
    private final String messageId;
    private final String host;
    private final String refusalCode;

    public ProtocolViolation(Reason reason, String message) {
        this(reason, message, null, null, null);
    }

    /**
     * A message whose envelope was read but whose payload was not: the receiver of a command can still
     * answer it (refused with {@code refusalCode}) rather than leave the sender waiting.
     */
    ProtocolViolation(Reason reason, String message, String messageId, String host, String refusalCode) {
        super(message);
        this.reason = reason;
        this.messageId = messageId;
        this.host = host;
        this.refusalCode = refusalCode;
    }

    public Reason reason() {
        return reason;
    }

    /** The id of a command, when its envelope was readable and only its payload was not; else null. */
    public String messageId() {
        return messageId;
    }

    /** The host the message named, when {@link #messageId()} is set; else null. */
    public String host() {
        return host;
    }

    /** What to refuse a command with whose payload was not readable: {@code UNKNOWN_TARGET}, {@code INVALID_COMMAND}... */
    public String refusalCode() {
        return refusalCode == null ? "INVALID_COMMAND" : refusalCode;
    }

    public String tag() {
        return reason.name().toLowerCase(java.util.Locale.ROOT);
    }
}
