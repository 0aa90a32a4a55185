package io.molt.service.domain.port;

import io.molt.service.domain.agent.AgentRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The registry of host agents (persistence port). */
public interface Agents {

    Optional<AgentRecord> find(String host);

    List<AgentRecord> all();

    void save(AgentRecord agent);

    /**
     * Records a heartbeat of this host's agent, one write however many agents report, never moving its
     * time back ({@link AgentRecord#heartbeat}); false if no agent of that host has said hello.
     */
    boolean heartbeat(String host, Instant at);
}
