package io.molt.service.application.campaign;

import io.molt.protocol.Envelope;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignChange;
import io.molt.service.domain.campaign.CampaignDecider;
import io.molt.service.domain.campaign.CampaignDecision;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.HostDecider;
import io.molt.service.domain.campaign.HostDecision;
import io.molt.service.domain.campaign.HostObservation;
import io.molt.service.domain.port.AgentCommands;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.domain.port.ComputeCloud;
import io.molt.service.domain.port.Outbox;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * One pass of the reconcile loop over one campaign (DESIGN.md section 6):
 * <ol>
 *   <li>Take or renew the campaign's lease; without it, do nothing (another replica is the writer).</li>
 *   <li>Decide for the campaign ({@link CampaignDecider}): start, pause on a failed host, finish, or work on
 *       the hosts of the current wave.</li>
 *   <li>For each such host, until it has to wait: observe (database, agent answers), decide
 *       ({@link HostDecider}), act, and record the new state, an event and any agent command in one
 *       transaction ({@link HostMoves}). Engine and Nova steps are recorded as begun before they act.</li>
 * </ol>
 * Every pass starts from the database, so a replica that crashed at any point is replaced by the next pass
 * of any replica once the lease expired.
 */
public final class CampaignReconciler {

    private static final int MAX_MOVES_PER_PASS = 24;

    private final Campaigns campaigns;
    private final Outbox outbox;
    private final EngineSettings settings;
    private final Clock clock;
    private final CampaignDecider campaignDecider = new CampaignDecider();
    private final HostDecider hostDecider;
    private final AgentStepObserver observer;
    private final HostMoves moves;

    public CampaignReconciler(Campaigns campaigns, ComputeCloud cloud, CloudObserver cloudObserver,
            AgentCommands commands, Outbox outbox, EngineSettings settings, StepBoundaries boundaries, Clock clock) {
        this.campaigns = campaigns;
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
        this.hostDecider = new HostDecider(settings.limits());
        this.observer = new AgentStepObserver(commands, cloudObserver);
        java.util.function.Consumer<String> keepLease = id -> campaigns.acquireLease(id, settings.owner(),
                settings.leaseTtl());
        this.moves = new HostMoves(campaigns, new HostSteps(cloud, cloudObserver, settings, keepLease, clock),
                settings.owner(), boundaries, clock);
    }

    /** One pass; returns whether this replica held the lease. */
    public boolean reconcile(String campaignId) {
        if (!campaigns.acquireLease(campaignId, settings.owner(), settings.leaseTtl())) {
            return false;
        }
        Campaign campaign = campaigns.find(campaignId).orElse(null);
        if (campaign == null) {
            return false;
        }
        CampaignDecision decision = campaignDecider.decide(campaign, campaigns.hosts(campaignId));
        if (decision instanceof CampaignDecision.Start) {
            move(campaign, CampaignState.RUNNING, "approved; the engine started it");
        } else if (decision instanceof CampaignDecision.Pause pause) {
            move(campaign, CampaignState.PAUSED, pause.reason());
        } else if (decision instanceof CampaignDecision.Hold hold) {
            hold(campaign, hold.reason());
            campaigns.releaseLease(campaignId, settings.owner());
        } else if (decision instanceof CampaignDecision.Finish finish) {
            move(campaign, finish.state(), finish.reason());
            campaigns.releaseLease(campaignId, settings.owner());
        } else if (decision instanceof CampaignDecision.Work work) {
            for (CampaignHost host : work.hosts()) {
                work(campaign, host.host());
            }
        } else {
            campaigns.releaseLease(campaignId, settings.owner());
        }
        return true;
    }

    private void work(Campaign campaign, String hostName) {
        for (int i = 0; i < MAX_MOVES_PER_PASS; i++) {
            List<CampaignHost> all = campaigns.hosts(campaign.id());
            Optional<CampaignHost> host = all.stream().filter(h -> h.host().equals(hostName)).findFirst();
            if (host.isEmpty()) {
                return;
            }
            HostObservation seen = observer.observe(host.get());
            HostDecision decision = hostDecider.decide(host.get(), seen, campaign.mode(), clock.instant());
            HostMoves.Result result = moves.apply(campaign, host.get(), all, seen, decision, hostDecider);
            if (result.sentCommands()) {
                outbox.publishPending(100);
            }
            if (!result.goOn()) {
                return;
            }
        }
    }

    private void hold(Campaign campaign, String reason) {
        if (reason.equals(campaign.stateReason())) {
            return;
        }
        CampaignEvent event = CampaignEvent.of(clock.instant(), campaign.id(), null, "campaign.held", reason);
        campaigns.apply(new CampaignChange(campaign.id(), settings.owner(), null,
                campaign.withReason(reason, clock.instant()), List.of(), List.of(), List.of(event), List.of()));
    }

    private void move(Campaign campaign, CampaignState next, String reason) {
        Campaign moved = campaign.moveTo(next, reason, clock.instant());
        CampaignEvent event = CampaignEvent.of(clock.instant(), campaign.id(), null, "campaign." + next.name()
                .toLowerCase(), "campaign " + campaign.state() + " -> " + next + ": " + reason);
        campaigns.apply(new CampaignChange(campaign.id(), settings.owner(), null, moved, List.of(), List.of(),
                List.of(event), List.<Envelope>of()));
    }
}
