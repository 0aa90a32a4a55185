package io.molt.service.adapter.memory;

import io.molt.service.domain.agent.AgentRecord;
import io.molt.service.domain.port.Agents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Agents} in a map, for unit tests. */
public final class InMemoryAgents implements Agents {

    private final Map<String, AgentRecord> byHost = new ConcurrentHashMap<>();

    @Override
    public Optional<AgentRecord> find(String host) {
        return Optional.ofNullable(byHost.get(host));
    }

    @Override
    public List<AgentRecord> all() {
        return List.copyOf(byHost.values());
    }

    @Override
    public void save(AgentRecord agent) {
        byHost.put(agent.host(), agent);
    }

    @Override
    public boolean heartbeat(String host, Instant at) {
        AgentRecord beat = byHost.computeIfPresent(host, (name, agent) -> agent.heartbeat(at));
        return beat != null;
    }
}
