package io.molt.service.application;

import io.molt.protocol.Commands;
import io.molt.protocol.Envelope;
import io.molt.protocol.MessageType;
import io.molt.service.domain.agent.AgentCommandRecord;
import io.molt.service.domain.port.AgentCommands;
import io.molt.service.domain.port.HostAgents;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Sends a {@code Ping} to a host's agent: the command id is stored before the command leaves. */
@Service
public class AgentPinger {

    private final AgentCommands commands;
    private final HostAgents hostAgents;
    private final Clock clock;

    public AgentPinger(AgentCommands commands, HostAgents hostAgents, Clock clock) {
        this.commands = commands;
        this.hostAgents = hostAgents;
        this.clock = clock;
    }

    public AgentCommandRecord ping(String host, String note) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        AgentCommandRecord record = new AgentCommandRecord(id, host, null, MessageType.PING.wireName(), now,
                null, null, null, null);
        commands.save(record);
        hostAgents.send(Envelope.command(id, host, null, new Commands.Ping(note), now));
        return record;
    }
}
