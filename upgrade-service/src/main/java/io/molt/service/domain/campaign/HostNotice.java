package io.molt.service.domain.campaign;

import java.time.Instant;

/** The maintenance notices of a host's VMs went out at {@code sentAt}; the host may start from {@code dueAt}. */
public record HostNotice(String campaignId, String host, Instant sentAt, Instant dueAt) {

    public boolean due(Instant now) {
        return !now.isBefore(dueAt);
    }
}
