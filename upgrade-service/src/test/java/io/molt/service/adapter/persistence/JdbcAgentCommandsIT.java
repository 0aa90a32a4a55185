package io.molt.service.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.domain.agent.AgentCommandRecord;
import io.molt.service.domain.port.AgentCommands;
import io.molt.service.domain.port.AgentCommandsContract;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@link AgentCommandsContract} on PostgreSQL with the real migrations ({@code JdbcAgentCommands}). */
class JdbcAgentCommandsIT extends AgentCommandsContract {

    private static final MigratedDatabase database = new MigratedDatabase("commands_contract");
    private static final AgentCommands commands = database.transactional(database.agentCommands());

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Override
    protected AgentCommands commands() {
        return commands;
    }

    /** A row stored before protocol v2 kept guest results as details keys only: they are read as a v1 agent's. */
    @Test
    void aResultStoredBeforeProtocolV2IsReadFromItsDetails() {
        String id = UUID.randomUUID().toString();
        String vm = UUID.randomUUID().toString();
        database.execute("INSERT INTO agent_command (id, host, type, issued_at, outcome, result, completed_at) "
                + "VALUES ('" + id + "', 'old-host', 'preserve_guests', now(), 'SUCCEEDED', "
                + "'{\"message\": \"held\", \"details\": {\"guest." + vm + "\": \"PRESERVED\"}}', now())");
        AgentCommandRecord found = commands.find(id).orElseThrow();
        assertThat(found.message()).isEqualTo("held");
        assertThat(found.details()).isEqualTo(Map.of("guest." + vm, "PRESERVED"));
        assertThat(found.guests()).extracting(g -> g.vmUuid()).containsExactly(vm);
    }
}
