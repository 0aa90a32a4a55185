package io.molt.service.domain.campaign;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** One line of a campaign's append-only audit trail: what happened, when and why. */
public record CampaignEvent(Long id, Instant occurredAt, String campaignId, String host, String vmUuid, String type,
        String message, Map<String, String> detail) {

    public CampaignEvent {
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }

    public static CampaignEvent of(Instant at, String campaignId, String host, String type, String message) {
        return new CampaignEvent(null, at, campaignId, host, null, type, message, Map.of());
    }

    public CampaignEvent with(Map<String, String> more) {
        return new CampaignEvent(id, occurredAt, campaignId, host, vmUuid, type, message, more);
    }
}
