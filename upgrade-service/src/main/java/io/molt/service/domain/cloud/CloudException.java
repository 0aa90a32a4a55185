package io.molt.service.domain.cloud;

/**
 * A call to the cloud's control plane failed. The kinds are the ones the campaign engine treats
 * differently: {@link Transient} is retried; the others are step failures with the cloud's own message.
 */
public abstract sealed class CloudException extends RuntimeException
        permits CloudException.NotFound, CloudException.Conflict, CloudException.NoValidHost,
                CloudException.Refused, CloudException.Transient {

    private final int httpStatus;

    protected CloudException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status the cloud answered with, or 0 when there was no answer (timeout, refused connection). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The server, service, host or migration does not exist (any more). */
    public static final class NotFound extends CloudException {
        public NotFound(String message, int httpStatus) {
            super(message, httpStatus, null);
        }
    }

    /** The object is in a state that does not allow the action (e.g. a task is running on the server). */
    public static final class Conflict extends CloudException {
        public Conflict(String message, int httpStatus) {
            super(message, httpStatus, null);
        }
    }

    /** The scheduler found no host that may take the server (disabled, full, older, or against its group). */
    public static final class NoValidHost extends CloudException {
        public NoValidHost(String message, int httpStatus) {
            super(message, httpStatus, null);
        }
    }

    /** The cloud refused the request for another reason (a failed precheck, a bad request, forbidden). */
    public static final class Refused extends CloudException {
        public Refused(String message, int httpStatus) {
            super(message, httpStatus, null);
        }
    }

    /** The cloud could not be reached or failed on its side (5xx, timeout): worth trying again. */
    public static final class Transient extends CloudException {
        public Transient(String message, int httpStatus, Throwable cause) {
            super(message, httpStatus, cause);
        }
    }
}
