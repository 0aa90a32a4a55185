package io.molt.service.domain.agent;

import io.molt.protocol.GuestResult;
import io.molt.protocol.ProgramRun;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A command sent to an agent, and its outcome once the agent answered.
 *
 * @param guests each guest's result (typed, protocol v2; read from a v1 agent's details keys)
 * @param run    how the operator's program ended (RunUpgrade, RunHook), or null
 */
public record AgentCommandRecord(
        String id,
        String host,
        String campaignId,
        String type,
        Instant issuedAt,
        String outcome,
        String message,
        Map<String, String> details,
        Instant completedAt,
        List<GuestResult> guests,
        ProgramRun run) {

    public AgentCommandRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        details = details == null ? Map.of() : Map.copyOf(details);
        guests = guests == null ? List.of() : List.copyOf(guests);
    }

    /** A command without typed results (not answered yet, or one that has none). */
    public AgentCommandRecord(String id, String host, String campaignId, String type, Instant issuedAt, String outcome,
            String message, Map<String, String> details, Instant completedAt) {
        this(id, host, campaignId, type, issuedAt, outcome, message, details, completedAt, List.of(), null);
    }

    public boolean isCompleted() {
        return outcome != null;
    }

    public AgentCommandRecord completed(String outcome, String message, Map<String, String> details, Instant at) {
        return completed(outcome, message, details, List.of(), null, at);
    }

    public AgentCommandRecord completed(String outcome, String message, Map<String, String> details,
            List<GuestResult> guests, ProgramRun run, Instant at) {
        return new AgentCommandRecord(id, host, campaignId, type, issuedAt, outcome, message, details, at, guests, run);
    }
}
