package io.molt.service.adapter.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.protocol.Envelope;
import io.molt.protocol.GuestResult;
import io.molt.protocol.ProgramRun;
import io.molt.protocol.ResultDetails;
import io.molt.service.domain.agent.AgentCommandRecord;
import io.molt.service.domain.port.AgentCommands;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link AgentCommands} on PostgreSQL with plain SQL, and the one mapping of the {@code agent_command} table:
 * {@link JdbcCampaigns} records a change's commands through {@link #enqueue} in the change's transaction. The
 * result is kept as JSON (message, details, typed guest results and program run).
 */
@Repository
@Transactional
class JdbcAgentCommands implements AgentCommands {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<GuestResult>> GUESTS = new TypeReference<>() {
    };

    private final JdbcClient db;
    private final ObjectMapper json;

    JdbcAgentCommands(JdbcClient db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<AgentCommandRecord> find(String commandId) {
        UUID id = JdbcCampaigns.uuidOrNull(commandId);
        return id == null ? Optional.empty()
                : db.sql("SELECT * FROM agent_command WHERE id = ?").param(id).query(this::record).optional();
    }

    /** Stores the command as given (a new one, or one answered: its result replaces what was stored). */
    @Override
    public void save(AgentCommandRecord command) {
        db.sql("""
                INSERT INTO agent_command (id, host, campaign_id, type, issued_at, outcome, result, completed_at)
                VALUES (:id, :host, :campaign, :type, :issued, :outcome, :result::jsonb, :completed)
                ON CONFLICT (id) DO UPDATE SET host = EXCLUDED.host, campaign_id = EXCLUDED.campaign_id,
                    type = EXCLUDED.type, issued_at = EXCLUDED.issued_at, outcome = EXCLUDED.outcome,
                    result = EXCLUDED.result, completed_at = EXCLUDED.completed_at""")
                .param("id", UUID.fromString(command.id())).param("host", command.host())
                .param("campaign", command.campaignId() == null ? null : UUID.fromString(command.campaignId()))
                .param("type", command.type())
                .param("issued", JdbcCampaigns.ts(command.issuedAt())).param("outcome", command.outcome())
                .param("result", command.isCompleted() ? write(result(command)) : null)
                .param("completed", JdbcCampaigns.ts(command.completedAt())).update();
    }

    /** Records a command a campaign change sends, unanswered; one already recorded is kept as it is. */
    void enqueue(Envelope command, String campaignId) {
        db.sql("""
                INSERT INTO agent_command (id, host, campaign_id, type, issued_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (id) DO NOTHING""")
                .param(UUID.fromString(command.id())).param(command.host()).param(UUID.fromString(campaignId))
                .param(command.type().wireName()).param(JdbcCampaigns.ts(command.issuedAt())).update();
    }

    private static Map<String, Object> result(AgentCommandRecord command) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("message", command.message());
        result.put("details", command.details());
        result.put("guests", command.guests());
        result.put("run", command.run());
        return result;
    }

    @SuppressWarnings("unchecked")
    private AgentCommandRecord record(ResultSet rs, int row) throws SQLException {
        String text = rs.getString("result");
        Map<String, Object> result = text == null ? Map.of() : read(text);
        Map<String, String> details = (Map<String, String>) result.get("details");
        // a row written before protocol v2 has no typed results: read from its details, as a v1 agent's
        List<GuestResult> guests = result.get("guests") != null ? json.convertValue(result.get("guests"), GUESTS)
                : ResultDetails.guests(details == null ? Map.of() : details);
        ProgramRun run = result.get("run") != null ? json.convertValue(result.get("run"), ProgramRun.class)
                : result.containsKey("guests") ? null : ResultDetails.run(details == null ? Map.of() : details).orElse(null);
        String campaignId = rs.getString("campaign_id");
        return new AgentCommandRecord(rs.getString("id"), rs.getString("host"), campaignId, rs.getString("type"),
                CampaignRowMapper.instant(rs, "issued_at"), rs.getString("outcome"), (String) result.get("message"),
                details, CampaignRowMapper.instant(rs, "completed_at"), guests, run);
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
