package io.molt.service.adapter.memory;

import io.molt.protocol.Envelope;
import io.molt.service.domain.agent.AgentCommandRecord;
import io.molt.service.domain.port.AgentCommands;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@link AgentCommands} in memory, held to {@code AgentCommandsContract} as the JDBC adapter is. */
public final class InMemoryAgentCommands implements AgentCommands {

    private final Map<String, AgentCommandRecord> rows = new LinkedHashMap<>();

    @Override
    public synchronized Optional<AgentCommandRecord> find(String commandId) {
        return Optional.ofNullable(rows.get(commandId));
    }

    @Override
    public synchronized void save(AgentCommandRecord command) {
        rows.put(command.id(), command);
    }

    /** A command a campaign change sends: recorded once, not answered (a second enqueue keeps the first). */
    synchronized void enqueue(Envelope command, String campaignId) {
        rows.putIfAbsent(command.id(), new AgentCommandRecord(command.id(), command.host(), campaignId,
                command.type().wireName(), command.issuedAt(), null, null, Map.of(), null));
    }
}
