package io.molt.service.adapter.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.protocol.GuestResult;
import io.molt.protocol.ProgramRun;
import io.molt.protocol.ResultDetails;
import io.molt.service.domain.agent.AgentCommandRecord;
import io.molt.service.domain.port.AgentCommands;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** {@link AgentCommands} on PostgreSQL through JPA; the result is kept as JSON (message and details). */
@Repository
@Transactional
class JpaAgentCommands implements AgentCommands {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<GuestResult>> GUESTS = new TypeReference<>() {
    };

    private final AgentCommandRows rows;
    private final ObjectMapper json;

    JpaAgentCommands(AgentCommandRows rows, ObjectMapper json) {
        this.rows = rows;
        this.json = json;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<AgentCommandRecord> find(String commandId) {
        UUID id;
        try {
            id = UUID.fromString(commandId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return rows.findById(id).map(this::toRecord);
    }

    @Override
    public void save(AgentCommandRecord command) {
        AgentCommandEntity row = rows.findById(UUID.fromString(command.id())).orElseGet(AgentCommandEntity::new);
        row.id = UUID.fromString(command.id());
        row.host = command.host();
        row.campaignId = command.campaignId() == null ? null : UUID.fromString(command.campaignId());
        row.type = command.type();
        row.issuedAt = command.issuedAt();
        row.outcome = command.outcome();
        row.completedAt = command.completedAt();
        if (command.isCompleted()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("message", command.message());
            result.put("details", command.details());
            result.put("guests", command.guests());
            result.put("run", command.run());
            row.result = write(result);
        }
        rows.save(row);
    }

    @SuppressWarnings("unchecked")
    private AgentCommandRecord toRecord(AgentCommandEntity row) {
        Map<String, Object> result = row.result == null ? Map.of() : read(row.result);
        Map<String, String> details = (Map<String, String>) result.get("details");
        // a row written before protocol v2 has no typed results: read from its details, as a v1 agent's
        List<GuestResult> guests = result.get("guests") != null ? json.convertValue(result.get("guests"), GUESTS)
                : ResultDetails.guests(details == null ? Map.of() : details);
        ProgramRun run = result.get("run") != null ? json.convertValue(result.get("run"), ProgramRun.class)
                : result.containsKey("guests") ? null : ResultDetails.run(details == null ? Map.of() : details).orElse(null);
        return new AgentCommandRecord(row.id.toString(), row.host,
                row.campaignId == null ? null : row.campaignId.toString(), row.type, row.issuedAt, row.outcome,
                (String) result.get("message"), details, row.completedAt, guests, run);
    }

    private Map<String, Object> read(String text) {
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable command result", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write command result", e);
        }
    }
}
