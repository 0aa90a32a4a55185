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

    public ProtocolViolation(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public String tag() {
        return reason.name().toLowerCase(java.util.Locale.ROOT);
    }
}
