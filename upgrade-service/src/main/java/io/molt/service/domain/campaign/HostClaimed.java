package io.molt.service.domain.campaign;

/**
 * A campaign was not stored because one of its hosts already belongs to another unfinished campaign (the
 * database's {@code host_claim} refused it). Nothing was written.
 */
public final class HostClaimed extends RuntimeException {

    public HostClaimed(String message) {
        super(message);
    }
}
