package io.molt.service.domain.port;

/** The transactional outbox: messages written with a state change, handed to the broker after commit. */
public interface Outbox {

    /**
     * Publishes up to {@code max} unpublished messages, oldest first, and marks them published; a message
     * whose publication fails keeps its place, with the attempt and error counted, and the later messages for the
     * same exchange wait behind it (those for another exchange go on). Returns how many went out.
     * Delivery is at least once: a crash between sending and marking sends the message again.
     */
    int publishPending(int max);
}
