package io.molt.service.domain.port;

import io.molt.service.domain.agent.AgentRecord;
import java.util.List;
import java.util.Optional;

/** The registry of host agents (persistence port). */
public interface Agents {

    Optional<AgentRecord> find(String host);

    List<AgentRecord> all();

    void save(AgentRecord agent);
}
