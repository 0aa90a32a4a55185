package io.molt.service.adapter.memory;

import io.molt.service.domain.port.AgentCommands;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.domain.port.CampaignsContract;
import java.time.Duration;
import java.util.List;

/** {@link CampaignsContract} on the in-memory fake, whose clock is moved by hand. */
class InMemoryCampaignsTest extends CampaignsContract {

    private final MutableClock clock = new MutableClock(t0);
    private final InMemoryAgentCommands commands = new InMemoryAgentCommands();
    private final InMemoryCampaigns campaigns = new InMemoryCampaigns(clock, commands, true);

    @Override
    protected Campaigns campaigns() {
        return campaigns;
    }

    @Override
    protected AgentCommands commands() {
        return commands;
    }

    @Override
    protected List<String> outboxMessageIds() {
        return campaigns.outbox();
    }

    @Override
    protected void elapse(Duration time) {
        clock.advance(time);
    }
}
