package io.molt.service.application.campaign;

import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignChange;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.ConcurrentChange;
import io.molt.service.domain.campaign.HostClaimed;
import io.molt.service.domain.campaign.HostState;
import io.molt.service.domain.campaign.Notification;
import io.molt.service.domain.cloud.CloudException;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.Plan;
import io.molt.service.domain.plan.PlanOutcome;
import io.molt.service.domain.plan.StrategyFrontier;
import io.molt.service.domain.plan.Violation;
import io.molt.service.domain.port.Campaigns;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The operator's actions on campaigns: create (snapshot and plan, stored as a dry run), approve, pause,
 * resume, abort. Each checks the campaign transition table and records the move with its reason.
 *
 * <p>An action is decided on the campaign as it is when it is written: when the engine changed the campaign
 * between this service's read and its write (the row's version moved: {@link ConcurrentChange}, e.g. a pause
 * just as the engine starts the approved campaign), the action reads the campaign again and is decided again,
 * up to {@value #ATTEMPTS} times; only then, or when the new state does not allow it, is it refused (409).
 */
public final class CampaignService {

    /** How many times an operator's action is decided before a concurrent change refuses it. */
    static final int ATTEMPTS = 5;

    private final Campaigns campaigns;
    private final CloudObserver cloud;
    private final Function<PlanOutcome, String> planWriter;
    private final Clock clock;
    private final StrategyFrontier planner = new StrategyFrontier();

    public CampaignService(Campaigns campaigns, CloudObserver cloud, Function<PlanOutcome, String> planWriter,
            Clock clock) {
        this.campaigns = campaigns;
        this.cloud = cloud;
        this.planWriter = planWriter;
        this.clock = clock;
    }

    /**
     * Observes the cloud, plans, stores the campaign as a dry run and returns it as it was stored. The {@code campaign.planned} event's
     * detail says how long each part took ({@code observe_ms}, {@code plan_ms}, {@code document_ms}: the
     * plan as JSON), so that the time to a campaign can be split (docs/performance.md).
     */
    public Campaign create(CampaignRequest request) {
        long start = System.nanoTime();
        CloudSnapshot snapshot;
        try {
            snapshot = cloud.snapshot();
        } catch (CloudException e) {
            throw new CampaignRejected(CampaignRejected.Kind.UNAVAILABLE, "cannot read the cloud to plan: "
                    + e.getMessage());
        }
        Set<String> hosts;
        try {
            hosts = request.hosts().resolve(snapshot);
        } catch (IllegalArgumentException e) {
            throw new CampaignRejected(CampaignRejected.Kind.INVALID, e.getMessage());
        }
        refuseClaimed(hosts);
        long observed = System.nanoTime();
        CampaignOptions options = request.options().toBuilder().hosts(hosts).upgradedHosts(Set.of()).build();
        PlanOutcome outcome = planner.plan(snapshot, request.target(), options);
        long planned = System.nanoTime();
        if (outcome instanceof PlanOutcome.Infeasible infeasible) {
            throw new CampaignRejected(CampaignRejected.Kind.NO_SAFE_PLAN, "no safe plan for these hosts: "
                    + infeasible.violations().stream().limit(5).map(Violation::describe)
                            .collect(Collectors.joining("; ")) + "; free capacity, allow more actions or fewer hosts down at once, then create it again");
        }
        Plan plan = ((PlanOutcome.Planned) outcome).plan();
        if (plan.waves().isEmpty()) {
            throw new CampaignRejected(CampaignRejected.Kind.CONFLICT, "nothing to upgrade: every selected host is "
                    + "skipped " + plan.skippedHosts());
        }
        String document = planWriter.apply(outcome);
        long written = System.nanoTime();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it: the answer is what is read later
        String id = UUID.randomUUID().toString();
        Campaign campaign = new Campaign(id, request.name(), CampaignState.PLANNED, "planned (dry run); approve to run",
                request.target(), request.hosts(), options, request.upgrade(), request.createdBy(), now, now,
                true, 0);
        Map<String, String> timings = Map.of("observe_ms", millis(start, observed), "plan_ms",
                millis(observed, planned), "document_ms", millis(planned, written));
        try {
            campaigns.create(campaign, document, PlanRows.hosts(id, plan, now), PlanRows.vms(id, plan, snapshot),
                    List.of(new CampaignEvent(null, now, id, null, null, "campaign.planned", "planned "
                            + hosts.size() + " hosts in " + plan.waves().size() + " waves by " + request.createdBy(),
                            timings)));
        } catch (HostClaimed e) {
            refuseClaimed(hosts); // another campaign claimed a host while this one was planned
            throw new CampaignRejected(CampaignRejected.Kind.CONFLICT, e.getMessage() + "; create it again");
        }
        return campaign; // as stored, not read back: at 400,000 VMs its plan document alone is about 160 MB
    }

    private static String millis(long from, long to) {
        return Long.toString((to - from) / 1_000_000);
    }

    /** 409 naming the unfinished campaign that holds any of these hosts. */
    private void refuseClaimed(Set<String> hosts) {
        Map<String, String> claims = campaigns.claims(hosts);
        if (claims.isEmpty()) {
            return;
        }
        Map.Entry<String, String> first = claims.entrySet().iterator().next();
        String holder = campaigns.find(first.getValue()).map(c -> " ('" + c.name() + "', " + c.state() + ")")
                .orElse("");
        throw new CampaignRejected(CampaignRejected.Kind.CONFLICT, "host " + first.getKey() + " belongs to "
                + "unfinished campaign " + first.getValue() + holder + (claims.size() > 1 ? " (hosts held by "
                + "unfinished campaigns: " + claims + ")" : "") + "; a host is in one unfinished campaign at a "
                + "time: wait for that campaign to end or abort it, or leave the host out");
    }

    /** The campaign's plan document as stored at its creation. */
    public String plan(String id) {
        return campaigns.planDocument(id).orElseThrow(() -> notFound(id));
    }

    public Campaign find(String id) {
        return campaigns.find(id).orElseThrow(() -> notFound(id));
    }

    private static CampaignRejected notFound(String id) {
        return new CampaignRejected(CampaignRejected.Kind.NOT_FOUND, "no campaign with id " + id
                + "; GET /v1/campaigns lists them");
    }

    public Campaign approve(String id, String who) {
        return attempt(id, () -> move(id, CampaignState.APPROVED, "approved by " + who, List.of()));
    }

    public Campaign pause(String id, String who) {
        return attempt(id, () -> move(id, CampaignState.PAUSED, "paused by " + who
                + "; steps in flight on agents finish", List.of()));
    }

    /** Resumes a paused campaign; hosts that failed go back to the state they failed in and try again. */
    public Campaign resume(String id, String who) {
        return attempt(id, () -> resumeOnce(id, who));
    }

    private Campaign resumeOnce(String id, String who) {
        find(id);
        Instant now = clock.instant();
        List<CampaignHost> failed = campaigns.hosts(id).stream().filter(h -> h.state() == HostState.FAILED)
                .map(h -> h.resume(now)).toList();
        return move(id, CampaignState.RUNNING, "resumed by " + who, failed);
    }

    /**
     * Aborts: a planned campaign ends at once; a running one stops at the next safe point. Asked again of an
     * aborting campaign, it tries the hosts that failed while it was aborting again (it stays ABORTING).
     */
    public Campaign abort(String id, String who, boolean reEnableHosts) {
        return attempt(id, () -> abortOnce(id, who, reEnableHosts));
    }

    private Campaign abortOnce(String id, String who, boolean reEnableHosts) {
        Campaign campaign = find(id);
        if (campaign.state() == CampaignState.PLANNED) {
            return move(id, CampaignState.ABORTED, "aborted by " + who + " before it ran", List.of());
        }
        Instant now = clock.instant();
        List<CampaignHost> failed = campaigns.hosts(id).stream().filter(h -> h.state() == HostState.FAILED)
                .map(h -> h.resume(now)).toList();
        String reason = "aborted by " + who + (reEnableHosts ? "; hosts it disabled are re-enabled"
                : "; hosts stay as they are");
        if (campaign.state() == CampaignState.ABORTING && failed.isEmpty()) {
            return campaign; // already aborting, nothing to try again
        }
        if (campaign.state() == CampaignState.ABORTING) {
            String retry = reason + "; failed hosts " + failed.stream().map(CampaignHost::host).toList()
                    + " tried again";
            return record(campaign.withReason(retry, now), CampaignEvent.of(now, id, null, "campaign.abort_retried",
                    retry), failed, hostsChanged(campaign, failed, now));
        }
        return move(campaign.withReEnableOnAbort(reEnableHosts), CampaignState.ABORTING, reason, failed);
    }

    /** The action, decided again on a fresh read while the engine's concurrent changes beat it to the write. */
    private Campaign attempt(String id, Supplier<Campaign> action) {
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (ConcurrentChange e) {
                if (attempt == ATTEMPTS) {
                    throw new CampaignRejected(CampaignRejected.Kind.CONFLICT, "campaign " + id + " changed "
                            + ATTEMPTS + " times while this request ran; read it again and retry");
                }
            }
        }
    }

    private Campaign move(String id, CampaignState next, String reason, List<CampaignHost> hosts) {
        return move(find(id), next, reason, hosts);
    }

    private Campaign move(Campaign campaign, CampaignState next, String reason, List<CampaignHost> hosts) {
        if (!campaign.state().canMoveTo(next)) {
            throw new CampaignRejected(CampaignRejected.Kind.CONFLICT, "campaign " + campaign.id() + " is "
                    + campaign.state() + " and cannot become " + next + " (" + campaign.stateReason() + ")");
        }
        Instant now = clock.instant();
        CampaignEvent event = CampaignEvent.of(now, campaign.id(), null, "campaign." + next.name().toLowerCase(),
                "campaign " + campaign.state() + " -> " + next + ": " + reason);
        List<Notification> notifications = new ArrayList<>();
        notifications.add(TenantNotifications.campaignChanged(campaign, next, reason, now));
        notifications.addAll(hostsChanged(campaign, hosts, now));
        return record(campaign.moveTo(next, reason, now), event, hosts, notifications);
    }

    /** A host update for each host the operator's action moves (a failed host tried again). */
    private List<Notification> hostsChanged(Campaign campaign, List<CampaignHost> moved, Instant now) {
        if (moved.isEmpty()) {
            return List.of();
        }
        Map<String, CampaignHost> before = campaigns.hosts(campaign.id()).stream()
                .collect(Collectors.toMap(CampaignHost::host, Function.identity()));
        return moved.stream().filter(h -> before.containsKey(h.host()) && before.get(h.host()).state() != h.state())
                .map(h -> TenantNotifications.hostChanged(campaign, before.get(h.host()), h, now)).toList();
    }

    private Campaign record(Campaign campaign, CampaignEvent event, List<CampaignHost> hosts,
            List<Notification> notifications) {
        campaigns.apply(new CampaignChange(campaign.id(), null, null, campaign, hosts,
                List.of(), List.of(event), List.of()).notifying(notifications)); // ConcurrentChange: see attempt
        return find(campaign.id());
    }
}
