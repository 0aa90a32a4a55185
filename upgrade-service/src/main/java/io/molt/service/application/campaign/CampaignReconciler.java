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
import io.molt.service.domain.campaign.HostNotice;
import io.molt.service.domain.campaign.HostObservation;
import io.molt.service.domain.campaign.HostState;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.port.AgentCommands;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.domain.port.ComputeCloud;
import io.molt.service.domain.port.DowntimeMeter;
import io.molt.service.domain.port.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
        this(campaigns, cloud, cloudObserver, commands, outbox, settings, boundaries, DowntimeMeter.NONE, clock);
    }

    /** {@code downtimes} counts the measured downtime of each VM this replica finishes. */
    public CampaignReconciler(Campaigns campaigns, ComputeCloud cloud, CloudObserver cloudObserver,
            AgentCommands commands, Outbox outbox, EngineSettings settings, StepBoundaries boundaries,
            DowntimeMeter downtimes, Clock clock) {
        this.campaigns = campaigns;
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
        this.hostDecider = new HostDecider(settings.limits());
        this.observer = new AgentStepObserver(commands, cloudObserver);
        java.util.function.Consumer<String> keepLease = id -> campaigns.acquireLease(id, settings.owner(),
                settings.leaseTtl());
        this.moves = new HostMoves(campaigns, new HostSteps(cloud, cloudObserver, settings, keepLease, clock),
                settings.owner(), boundaries, downtimes, clock, cloudObserver);
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
            if (campaign.state() != CampaignState.PAUSED) {
                noticeNextWave(campaign, work.hosts());
            }
        } else {
            campaigns.releaseLease(campaignId, settings.owner());
        }
        return true;
    }

    private void work(Campaign campaign, String hostName) {
        if (!noticeDue(campaign, hostName)) {
            return;
        }
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

    /**
     * Whether the host may go on: true once it has started, or once the notice period has passed since the
     * notices of its VMs went out. A pending host whose notices were not sent yet gets them sent now, and starts
     * in this pass only if the notice period is 0.
     */
    private boolean noticeDue(Campaign campaign, String hostName) {
        CampaignHost host = campaigns.hosts(campaign.id()).stream().filter(h -> h.host().equals(hostName)).findFirst()
                .orElse(null);
        if (host == null || !awaitsNotice(campaign, host)) {
            return true;
        }
        return notice(campaign, hostName).due(clock.instant());
    }

    /**
     * With a notice period, the hosts of the next wave get their notices while this wave works, so that the
     * period runs alongside it rather than after it (ADR 0016).
     */
    private void noticeNextWave(Campaign campaign, List<CampaignHost> working) {
        if (campaign.options().noticePeriod() == 0 || working.isEmpty() || campaign.mode().aborting()) {
            return;
        }
        int next = working.get(0).wave() + 1;
        campaigns.hosts(campaign.id()).stream().filter(h -> h.wave() == next && awaitsNotice(campaign, h))
                .forEach(h -> notice(campaign, h.host()));
    }

    private static boolean awaitsNotice(Campaign campaign, CampaignHost host) {
        return host.state() == HostState.PENDING && host.step() == null && !campaign.mode().aborting();
    }

    /**
     * The notice of the host's VMs: the one sent, or one sent now (the notifications, their event and the
     * record of the notice in one transaction, published right away).
     */
    private HostNotice notice(Campaign campaign, String hostName) {
        Optional<HostNotice> sent = campaigns.notice(campaign.id(), hostName);
        if (sent.isPresent()) {
            return sent.get();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        HostNotice notice = new HostNotice(campaign.id(), hostName, now,
                now.plusSeconds(campaign.options().noticePeriod()));
        List<VmAction> vms = campaigns.vms(campaign.id()).stream()
                .filter(v -> v.sourceHost().equals(hostName) && !v.finished()).toList();
        CampaignEvent event = CampaignEvent.of(now, campaign.id(), hostName, "host.notice.sent", "maintenance notice "
                + "sent for " + vms.size() + " VMs of " + hostName + "; the host starts at " + notice.dueAt()
                + " at the earliest");
        campaigns.apply(new CampaignChange(campaign.id(), settings.owner(), CampaignState.RUNNING, null, List.of(),
                List.of(), List.of(event), List.of(), TenantNotifications.scheduled(campaign, notice, vms), notice));
        outbox.publishPending(100 + vms.size());
        return notice;
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
                List.of(event), List.<Envelope>of()).notifying(List.of(TenantNotifications.campaignChanged(campaign,
                next, reason, clock.instant()))));
    }
}
