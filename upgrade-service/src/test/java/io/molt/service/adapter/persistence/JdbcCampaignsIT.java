package io.molt.service.adapter.persistence;

import io.molt.service.domain.port.AgentCommands;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.domain.port.CampaignsContract;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/** {@link CampaignsContract} on PostgreSQL with the real migrations: {@code JdbcCampaigns}'s SQL, locks and triggers. */
class JdbcCampaignsIT extends CampaignsContract {

    private static final MigratedDatabase database = new MigratedDatabase("campaigns_contract");
    private static final JdbcAgentCommands commands = database.agentCommands();
    private static final Campaigns campaigns = database.campaigns(commands);
    private static final AgentCommands commandsPort = database.transactional(commands);

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Override
    protected Campaigns campaigns() {
        return campaigns;
    }

    @Override
    protected AgentCommands commands() {
        return commandsPort;
    }

    @Override
    protected List<String> outboxMessageIds() {
        return database.outboxMessageIds();
    }

    @Override
    protected void elapse(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
