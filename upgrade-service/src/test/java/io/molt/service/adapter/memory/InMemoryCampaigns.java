package io.molt.service.adapter.memory;

import io.molt.protocol.Envelope;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignChange;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.ConcurrentChange;
import io.molt.service.domain.campaign.HostClaimed;
import io.molt.service.domain.campaign.HostNotice;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.port.Campaigns;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link Campaigns} in memory, held to {@code CampaignsContract} as {@code JdbcCampaigns} is: versions checked
 * and bumped, a change checked whole before any of it is written, the lease fencing every owner's change, host
 * claims released when a campaign ends, commands recorded once in an {@link InMemoryAgentCommands} and, with
 * notifications, kept once in {@link #outbox()} by message id. Times come from the clock given (lease expiry).
 */
public final class InMemoryCampaigns implements Campaigns {

    private record Lease(String owner, Instant until) {
    }

    private final Clock clock;
    private final InMemoryAgentCommands commands;
    private final boolean notifying;
    private final Map<String, Campaign> campaigns = new LinkedHashMap<>();
    private final Map<String, String> plans = new HashMap<>();
    private final Map<String, Lease> leases = new HashMap<>();
    private final Map<String, Map<String, CampaignHost>> hosts = new HashMap<>();
    private final Map<String, Map<String, VmAction>> vms = new HashMap<>();
    private final List<CampaignEvent> events = new ArrayList<>();
    private final Map<String, HostNotice> notices = new HashMap<>();
    private final Map<String, String> claims = new TreeMap<>();
    /** Message ids of the outbox, in the order written. */
    private final List<String> outbox = new ArrayList<>();

    public InMemoryCampaigns(Clock clock, InMemoryAgentCommands commands, boolean notifying) {
        this.clock = clock;
        this.commands = commands;
        this.notifying = notifying;
    }

    @Override
    public synchronized void create(Campaign c, String planDocument, List<CampaignHost> newHosts,
            List<VmAction> newVms, List<CampaignEvent> newEvents) {
        boolean claiming = !c.state().isFinal();
        if (claiming && newHosts.stream().anyMatch(h -> claims.containsKey(h.host()))) {
            throw new HostClaimed("a host of campaign " + c.id() + " belongs to another unfinished campaign");
        }
        campaigns.put(c.id(), new Campaign(c.id(), c.name(), c.state(), c.stateReason(), c.target(), c.selector(),
                c.options(), c.upgrade(), c.createdBy(), c.createdAt(), c.createdAt(),
                c.reEnableOnAbort(), 0));
        plans.put(c.id(), planDocument);
        Map<String, CampaignHost> rows = hosts.computeIfAbsent(c.id(), id -> new LinkedHashMap<>());
        for (CampaignHost h : newHosts) {
            rows.put(h.host(), new CampaignHost(h.campaignId(), h.host(), h.wave(), h.position(), h.state(), null, 0,
                    null, null, null, null, false, c.createdAt(), 0));
            if (claiming) {
                claims.put(h.host(), c.id());
            }
        }
        Map<String, VmAction> vmRows = vms.computeIfAbsent(c.id(), id -> new LinkedHashMap<>());
        for (VmAction v : newVms) {
            vmRows.put(v.vmUuid(), new VmAction(v.campaignId(), v.vmUuid(), v.vmName(), v.sourceHost(), v.action(),
                    v.destination(), v.reason(), v.plannedVmState(), v.state(), null, v.predictedDowntimeMs(), null,
                    null, 0, v.projectId(), v.movedMib(), v.guestOrder()));
        }
        newEvents.forEach(this::append);
    }

    @Override
    public synchronized Optional<Campaign> find(String id) {
        return Optional.ofNullable(campaigns.get(id));
    }

    @Override
    public synchronized Optional<String> planDocument(String campaignId) {
        return Optional.ofNullable(plans.get(campaignId));
    }

    @Override
    public synchronized Map<String, String> claims(Collection<String> of) {
        Map<String, String> holders = new TreeMap<>();
        of.stream().filter(claims::containsKey).forEach(h -> holders.put(h, claims.get(h)));
        return holders;
    }

    @Override
    public synchronized List<Campaign> all() {
        return campaigns.values().stream()
                .sorted(Comparator.comparing(Campaign::createdAt).thenComparing(Campaign::id)).toList();
    }

    @Override
    public synchronized List<String> active() {
        return all().stream().filter(c -> c.state().isActive()).map(Campaign::id).toList();
    }

    @Override
    public synchronized List<CampaignHost> hosts(String campaignId) {
        return hosts.getOrDefault(campaignId, Map.of()).values().stream()
                .sorted(Comparator.comparingInt(CampaignHost::wave).thenComparingInt(CampaignHost::position)).toList();
    }

    @Override
    public synchronized List<VmAction> vms(String campaignId) {
        return vms.getOrDefault(campaignId, Map.of()).values().stream()
                .sorted(Comparator.comparing(VmAction::sourceHost).thenComparingInt(VmAction::guestOrder)
                        .thenComparing(VmAction::vmUuid)).toList();
    }

    @Override
    public synchronized List<CampaignEvent> events(String campaignId, long afterId, int limit) {
        return events.stream().filter(e -> campaignId.equals(e.campaignId()) && e.id() > afterId).limit(limit)
                .toList();
    }

    @Override
    public synchronized Optional<HostNotice> notice(String campaignId, String host) {
        return Optional.ofNullable(notices.get(campaignId + " " + host));
    }

    @Override
    public synchronized void apply(CampaignChange change) {
        String id = change.campaignId();
        Campaign stored = campaigns.get(id);
        if (stored == null) {
            throw new IllegalArgumentException("no campaign " + id);
        }
        Lease lease = leases.get(id);
        if (change.owner() != null && !(lease != null && lease.owner().equals(change.owner())
                && lease.until().isAfter(clock.instant()))) {
            throw new ConcurrentChange("campaign " + id + ": " + change.owner() + " no longer holds the lease");
        }
        if (change.startsWorkIn() != null && change.startsWorkIn() != stored.state()) {
            throw new ConcurrentChange("campaign " + id + " is " + stored.state() + ": no new step starts");
        }
        // every check before any write: a refused change leaves everything as it was
        if (change.campaign() != null && change.campaign().version() != stored.version()) {
            throw new ConcurrentChange("campaign " + id + " changed since version " + change.campaign().version());
        }
        Map<String, CampaignHost> hostRows = hosts.getOrDefault(id, Map.of());
        for (CampaignHost h : change.hosts()) {
            CampaignHost row = hostRows.get(h.host());
            if (row == null || row.version() != h.version()) {
                throw new ConcurrentChange("host " + h.host() + " of campaign " + id + " changed since version "
                        + h.version());
            }
        }
        Instant now = clock.instant();
        if (change.campaign() != null) {
            Campaign c = change.campaign();
            campaigns.put(id, new Campaign(id, stored.name(), c.state(), c.stateReason(), stored.target(),
                    stored.selector(), stored.options(), stored.upgrade(), stored.createdBy(),
                    stored.createdAt(), now, c.reEnableOnAbort(), stored.version() + 1));
            if (c.state().isFinal()) {
                claims.values().removeIf(id::equals);
            }
        }
        for (CampaignHost h : change.hosts()) {
            CampaignHost row = hostRows.get(h.host());
            hostRows.put(h.host(), new CampaignHost(id, h.host(), row.wave(), row.position(), h.state(), h.step(),
                    h.attempt(), h.commandId(), h.stepStartedAt(), h.lastError(), h.failedIn(), h.upgraded(), now,
                    row.version() + 1));
        }
        Map<String, VmAction> vmRows = vms.computeIfAbsent(id, k -> new LinkedHashMap<>());
        for (VmAction v : change.vms()) {
            VmAction row = vmRows.get(v.vmUuid());
            vmRows.put(v.vmUuid(), new VmAction(id, v.vmUuid(), v.vmName(), v.sourceHost(), v.action(),
                    v.destination(), v.reason(), v.plannedVmState(), v.state(), v.migrationId(),
                    v.predictedDowntimeMs(), v.actualDowntimeMs(), v.lastError(), row == null ? 0 : row.version() + 1,
                    v.projectId(), v.movedMib(), v.guestOrder()));
        }
        change.events().forEach(this::append);
        for (Envelope command : change.commands()) {
            commands.enqueue(command, id);
            addToOutbox(command.id());
        }
        if (change.notice() != null) {
            notices.put(id + " " + change.notice().host(), change.notice());
        }
        if (notifying) {
            change.notifications().forEach(n -> addToOutbox(n.messageId()));
        }
    }

    @Override
    public synchronized boolean acquireLease(String campaignId, String owner, Duration ttl) {
        Instant now = clock.instant();
        Lease lease = leases.get(campaignId);
        if (!campaigns.containsKey(campaignId)
                || lease != null && !lease.owner().equals(owner) && !lease.until().isBefore(now)) {
            return false;
        }
        leases.put(campaignId, new Lease(owner, now.plus(ttl)));
        return true;
    }

    @Override
    public synchronized void releaseLease(String campaignId, String owner) {
        Lease lease = leases.get(campaignId);
        if (lease != null && lease.owner().equals(owner)) {
            leases.remove(campaignId);
        }
    }

    /** The outbox's message ids (commands and notifications), in the order they were written. */
    public synchronized List<String> outbox() {
        return List.copyOf(outbox);
    }

    private void append(CampaignEvent e) {
        events.add(new CampaignEvent((long) events.size() + 1, e.occurredAt(), e.campaignId(), e.host(), e.vmUuid(),
                e.type(), e.message(), e.detail()));
    }

    private void addToOutbox(String messageId) {
        if (!outbox.contains(messageId)) {
            outbox.add(messageId);
        }
    }
}
