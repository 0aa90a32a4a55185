package io.molt.service.adapter.memory;

import io.molt.service.domain.port.AgentCommands;
import io.molt.service.domain.port.AgentCommandsContract;

/** {@link AgentCommandsContract} on the in-memory fake. */
class InMemoryAgentCommandsTest extends AgentCommandsContract {

    private final InMemoryAgentCommands commands = new InMemoryAgentCommands();

    @Override
    protected AgentCommands commands() {
        return commands;
    }
}
