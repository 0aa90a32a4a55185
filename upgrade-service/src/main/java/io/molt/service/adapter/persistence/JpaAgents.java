package io.molt.service.adapter.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.protocol.HostCapabilities;
import io.molt.service.domain.agent.AgentRecord;
import io.molt.service.domain.port.Agents;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** {@link Agents} on PostgreSQL through JPA. */
@Repository
@Transactional
class JpaAgents implements Agents {

    private static final TypeReference<List<String>> COMMANDS = new TypeReference<>() {
    };

    private final AgentRows rows;
    private final ObjectMapper json;

    JpaAgents(AgentRows rows, ObjectMapper json) {
        this.rows = rows;
        this.json = json;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<AgentRecord> find(String host) {
        return rows.findById(host).map(this::toRecord);
    }

    @Override
    @Transactional(readOnly = true)
    public List<AgentRecord> all() {
        return rows.findAll(Sort.by("host")).stream().map(this::toRecord).toList();
    }

    @Override
    public void save(AgentRecord agent) {
        AgentEntity row = rows.findById(agent.host()).orElseGet(AgentEntity::new);
        row.host = agent.host();
        row.agentVersion = agent.agentVersion();
        row.protocolVersion = agent.protocolVersion();
        row.capabilities = write(agent.capabilities());
        row.commands = agent.protocolVersion() < 2 ? null : write(agent.commands());
        row.firstSeenAt = agent.firstSeenAt();
        row.lastHelloAt = agent.lastHelloAt();
        row.lastHeartbeatAt = agent.lastHeartbeatAt();
        rows.save(row);
    }

    @Override
    public boolean heartbeat(String host, Instant at) {
        return rows.heartbeat(host, at) == 1;
    }

    private AgentRecord toRecord(AgentEntity row) {
        try {
            return new AgentRecord(row.host, row.agentVersion, row.protocolVersion,
                    json.readValue(row.capabilities, HostCapabilities.class), row.firstSeenAt, row.lastHelloAt,
                    row.lastHeartbeatAt, row.commands == null ? List.of() : json.readValue(row.commands, COMMANDS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("capabilities of agent " + row.host + " are unreadable", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an agent's capabilities or commands", e);
        }
    }
}
