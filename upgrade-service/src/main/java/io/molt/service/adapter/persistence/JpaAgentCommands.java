package io.molt.service.adapter.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.domain.agent.AgentCommandRecord;
import io.molt.service.domain.port.AgentCommands;
import java.util.LinkedHashMap;
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
            row.result = write(result);
        }
        rows.save(row);
    }

    @SuppressWarnings("unchecked")
    private AgentCommandRecord toRecord(AgentCommandEntity row) {
        Map<String, Object> result = row.result == null ? Map.of() : read(row.result);
        return new AgentCommandRecord(row.id.toString(), row.host,
                row.campaignId == null ? null : row.campaignId.toString(), row.type, row.issuedAt, row.outcome,
                (String) result.get("message"), (Map<String, String>) result.get("details"), row.completedAt);
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
