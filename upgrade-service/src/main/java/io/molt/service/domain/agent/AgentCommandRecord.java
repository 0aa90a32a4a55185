package io.molt.service.domain.agent;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** A command sent to an agent, and its outcome once the agent answered. */
public record AgentCommandRecord(
        String id,
        String host,
        String campaignId,
        String type,
        Instant issuedAt,
        String outcome,
        String message,
        Map<String, String> details,
        Instant completedAt) {

    public AgentCommandRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public boolean isCompleted() {
        return outcome != null;
    }

    public AgentCommandRecord completed(String outcome, String message, Map<String, String> details, Instant at) {
        return new AgentCommandRecord(id, host, campaignId, type, issuedAt, outcome, message, details, at);
    }
}
