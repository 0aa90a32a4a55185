package io.molt.service.domain.campaign;

/**
 * A change was refused because the rows changed since they were read (another writer, an operator's
 * action) or this replica no longer holds the campaign's lease. Nothing was written; read and decide again.
 */
public final class ConcurrentChange extends RuntimeException {

    public ConcurrentChange(String message) {
        super(message);
    }
}
