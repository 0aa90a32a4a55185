package io.molt.service.application.campaign;

import io.molt.protocol.Envelope;
import io.molt.protocol.MessageType;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignChange;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.HostDecider;
import io.molt.service.domain.campaign.HostDecision;
import io.molt.service.domain.campaign.HostObservation;
import io.molt.service.domain.campaign.Notification;
import io.molt.service.domain.campaign.Step;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.domain.port.DowntimeMeter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Applies one host decision: acts where needed and records the outcome in one transaction. */
final class HostMoves {

    /** Whether the loop may go on with this host in this pass, and whether commands await publication. */
    record Result(boolean goOn, boolean sentCommands) {
    }

    private final Campaigns campaigns;
    private final HostSteps steps;
    private final String owner;
    private final StepBoundaries boundaries;
    private final DowntimeMeter downtimes;
    private final Clock clock;
    private final CloudObserver agents;

    HostMoves(Campaigns campaigns, HostSteps steps, String owner, StepBoundaries boundaries, DowntimeMeter downtimes,
            Clock clock, CloudObserver agents) {
        this.agents = agents;
        this.campaigns = campaigns;
        this.steps = steps;
        this.owner = owner;
        this.boundaries = boundaries;
        this.downtimes = downtimes;
        this.clock = clock;
    }

    Result apply(Campaign campaign, CampaignHost host, List<CampaignHost> all, HostObservation seen,
            HostDecision decision, HostDecider decider) {
        Instant now = clock.instant();
        if (decision instanceof HostDecision.Begin begin && begin.step().isHook()
                && !agents.agentCarriesOut(host.host(), MessageType.RUN_HOOK)) {
            return skip(campaign, host, begin.step(), begin.step() + " skipped on " + host.host() + ": its agent "
                    + "(protocol " + agents.agentProtocol(host.host()) + ") does not list "
                    + MessageType.RUN_HOOK.wireName() + " among the commands it carries out", now);
        }
        if (decision instanceof HostDecision.Begin begin && begin.step().byAgent()) {
            Optional<String> needless = AgentStepCommands.needless(begin.step(), campaign, host,
                    campaigns.vms(campaign.id()));
            if (needless.isPresent()) {
                return skip(campaign, host, begin.step(), needless.get(), now);
            }
        }
        if (decision instanceof HostDecision.Begin begin) {
            String commandId = begin.step().byAgent() ? UUID.randomUUID().toString() : null;
            CampaignHost started = host.begin(begin.step(), commandId, now);
            List<Envelope> commands = command(campaign, started, begin.step(), commandId, now);
            List<Notification> notices = campaign.mode().aborting() ? List.of()
                    : TenantNotifications.started(campaign, begin.step(), vmsOf(campaign, host), now);
            record(campaign, campaign.state(), host, started, List.of(), commands, List.of(event(campaign, host,
                    "host.step.started", begin.step() + " started on " + host.host()
                            + (commandId == null ? "" : " (command " + commandId + ")"))), notices);
            boundaries.reached(campaign.id(), host.host(), "begun " + begin.step());
            return new Result(true, !commands.isEmpty());
        }
        if (decision instanceof HostDecision.Perform) {
            List<VmAction> vms = campaigns.vms(campaign.id());
            StepOutcome outcome = steps.perform(campaign, host, all, vms);
            boundaries.reached(campaign.id(), host.host(), "performed " + host.step());
            HostDecision after = decider.decide(host, new HostObservation(seen.agentOnline(), outcome.progress()),
                    campaign.mode(), clock.instant());
            return settle(campaign, host, after, outcome.vms(), outcome.events());
        }
        if (decision instanceof HostDecision.Complete || decision instanceof HostDecision.Retry
                || decision instanceof HostDecision.Fail) {
            return settle(campaign, host, decision, List.of(), List.of());
        }
        return new Result(false, false);
    }

    /**
     * An agent step begun and completed at once, with an event saying why, rather than sent and waited for: a hook
     * on a host whose agent said (protocol v2) that it does not carry out {@code command.run-hook} (else it would
     * wait until its timeout), or a step with nothing to do ({@link AgentStepCommands#needless}). Like a begun
     * step, it is refused unless the campaign is still in the state it was decided in (a pause or abort since).
     */
    private Result skip(Campaign campaign, CampaignHost host, Step step, String why, Instant now) {
        return settle(campaign, campaign.state(), host.begin(step, null, now), new HostDecision.Complete(step,
                step.target(host.upgraded()), "skipped", Map.of()), List.of(),
                List.of(event(campaign, host, "host.step.skipped", why)));
    }

    private Result settle(Campaign campaign, CampaignHost host, HostDecision decision, List<VmAction> vms,
            List<CampaignEvent> events) {
        return settle(campaign, null, host, decision, vms, events);
    }

    /** {@code startsWorkIn}: when set, the change is refused unless the campaign is still in that state. */
    private Result settle(Campaign campaign, CampaignState startsWorkIn, CampaignHost host, HostDecision decision,
            List<VmAction> vms, List<CampaignEvent> events) {
        Instant now = clock.instant();
        List<CampaignEvent> all = new ArrayList<>(events);
        if (decision instanceof HostDecision.Complete complete) {
            List<VmAction> updates = new ArrayList<>(vms);
            if (complete.step() == Step.RESTORE) {
                updates.addAll(restored(campaign, host, complete.downtimes()));
            }
            all.add(event(campaign, host, "host.step.completed", complete.step() + " done on " + host.host() + ": "
                    + complete.detail() + " -> " + complete.target()).with(complete.details()));
            record(campaign, startsWorkIn, host, host.complete(now), updates, List.of(), all, List.of());
            boundaries.reached(campaign.id(), host.host(), "completed " + complete.step());
            return new Result(true, false);
        }
        if (decision instanceof HostDecision.Retry retry) {
            String commandId = retry.step().byAgent() ? UUID.randomUUID().toString() : null;
            CampaignHost again = host.retry(commandId, retry.error(), now);
            List<Envelope> commands = command(campaign, again, retry.step(), commandId, now);
            all.add(retried(campaign, host, retry, now));
            record(campaign, null, host, again, vms, commands, all, List.of());
            return new Result(false, !commands.isEmpty());
        }
        if (decision instanceof HostDecision.Fail fail) {
            all.add(event(campaign, host, "host.failed", fail.step() + " failed on " + host.host() + ": "
                    + fail.error()));
            record(campaign, null, host, host.fail(fail.error(), now), vms, List.of(), all, List.of());
            return new Result(false, false);
        }
        return new Result(false, false);
    }

    /** The retry's event: the error, and for a step that backs off, how long it waits and until when. */
    private CampaignEvent retried(Campaign campaign, CampaignHost host, HostDecision.Retry retry, Instant now) {
        String message = retry.step() + " on " + host.host() + ", attempt " + retry.attempt() + ": " + retry.error();
        if (retry.backoff().isZero()) {
            return event(campaign, host, "host.step.retried", message);
        }
        return event(campaign, host, "host.step.retried", message + "; waiting " + retry.backoff().toMillis() + " ms, "
                + "until " + now.plus(retry.backoff()) + ", before trying again").with(Map.of("wait_ms",
                        Long.toString(retry.backoff().toMillis()), "not_before", now.plus(retry.backoff()).toString()));
    }

    private List<VmAction> restored(Campaign campaign, CampaignHost host, Map<String, Long> downtimes) {
        return campaigns.vms(campaign.id()).stream()
                .filter(v -> v.sourceHost().equals(host.host()) && !v.leavesHost())
                .filter(v -> downtimes.containsKey(v.vmUuid()))
                .map(v -> v.moved(VmActionState.DONE, null, downtimes.get(v.vmUuid()), null)).toList();
    }

    private List<Envelope> command(Campaign campaign, CampaignHost host, Step step, String commandId, Instant now) {
        if (commandId == null) {
            return List.of();
        }
        return List.of(Envelope.command(commandId, host.host(), campaign.id(),
                AgentStepCommands.of(step, campaign, host, campaigns.vms(campaign.id())), now));
    }

    /** Stores the host's move with its events and commands, and notifies of it and of the VMs it finished. */
    private void record(Campaign campaign, CampaignState startsWorkIn, CampaignHost before, CampaignHost after,
            List<VmAction> vms, List<Envelope> commands, List<CampaignEvent> events, List<Notification> notices) {
        Instant now = clock.instant();
        List<Notification> all = new ArrayList<>(notices);
        all.addAll(TenantNotifications.ended(campaign, vms, now));
        if (before.state() != after.state()) {
            all.add(TenantNotifications.hostChanged(campaign, before, after, now));
        }
        campaigns.apply(new CampaignChange(campaign.id(), owner, startsWorkIn, null, List.of(after), vms, events,
                commands).notifying(all));
        vms.stream().filter(v -> v.state() == VmActionState.DONE && v.actualDowntimeMs() != null)
                .forEach(v -> downtimes.record(v.action(), v.actualDowntimeMs()));
    }

    private List<VmAction> vmsOf(Campaign campaign, CampaignHost host) {
        return campaigns.vms(campaign.id()).stream().filter(v -> v.sourceHost().equals(host.host())).toList();
    }

    private CampaignEvent event(Campaign campaign, CampaignHost host, String type, String message) {
        return CampaignEvent.of(clock.instant(), campaign.id(), host.host(), type, message);
    }
}
