package io.molt.service.domain.port;

import io.molt.service.domain.agent.AgentCommandRecord;
import java.util.Optional;

/** Commands sent to agents and their outcomes (persistence port). */
public interface AgentCommands {

    Optional<AgentCommandRecord> find(String commandId);

    void save(AgentCommandRecord command);
}
