package io.molt.service.domain.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.molt.protocol.Commands;
import io.molt.protocol.Envelope;
import io.molt.service.domain.agent.AgentCommandRecord;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignChange;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.ConcurrentChange;
import io.molt.service.domain.campaign.HostClaimed;
import io.molt.service.domain.campaign.HostNotice;
import io.molt.service.domain.campaign.HostSelector;
import io.molt.service.domain.campaign.HostState;
import io.molt.service.domain.campaign.Notification;
import io.molt.service.domain.campaign.Step;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.UpgradeTarget;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Campaigns} keeps, run against the in-memory fake ({@code InMemoryCampaignsTest}) and
 * PostgreSQL with the real migrations ({@code JdbcCampaignsIT}): the lease (one owner at a time, taken over
 * once expired, fencing the changes of an owner that lost it), versions (a stale row refuses the whole change),
 * host claims, commands and notifications written once, events read back in the order written. Each test
 * makes its own campaigns and host names, so an implementation may share one store between tests.
 */
public abstract class CampaignsContract {

    /** Lease TTL of the lease tests; {@link #elapse} of twice that lets it expire. */
    protected static final Duration TTL = Duration.ofMillis(400);
    /** The plan document every campaign of these tests is stored with. */
    protected static final String PLAN = "{\"plan\": true}";

    protected final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    protected abstract Campaigns campaigns();

    /** The commands port over the same store (a change's commands are read back through it). */
    protected abstract AgentCommands commands();

    /** The outbox's message ids (commands and notifications) in the order they were written. */
    protected abstract List<String> outboxMessageIds();

    /** Lets at least {@code time} pass for the store's clock (leases are timed by it). */
    protected abstract void elapse(Duration time);

    @Test
    void storesANewCampaignWithItsHostsVmsAndEventsInOrder() {
        Campaign c = campaign(CampaignState.APPROVED, 0);
        String vm1 = uuid();
        String vm2 = uuid();
        campaigns().create(c, PLAN, List.of(host(c, "b", 1, 0), host(c, "a", 0, 1), host(c, "c", 0, 0)),
                List.of(vm(c, vm2, "a", 1), vm(c, vm1, "a", 0)),
                List.of(event(c, "planned", "first"), event(c, "approved", "second")));

        Campaign stored = campaigns().find(c.id()).orElseThrow();
        assertThat(stored).usingRecursiveComparison().ignoringFields("updatedAt").isEqualTo(c);
        assertThat(campaigns().hosts(c.id())).extracting(CampaignHost::host)
                .containsExactly(name("c"), name("a"), name("b"));
        assertThat(campaigns().hosts(c.id())).allSatisfy(h -> {
            assertThat(h.state()).isEqualTo(HostState.PENDING);
            assertThat(h.version()).isZero();
        });
        assertThat(campaigns().vms(c.id())).extracting(VmAction::vmUuid).containsExactly(vm1, vm2);
        assertThat(campaigns().vms(c.id()).get(0)).usingRecursiveComparison().isEqualTo(vm(c, vm1, "a", 0));
        assertThat(campaigns().events(c.id(), 0, 10)).extracting(CampaignEvent::type)
                .containsExactly("planned", "approved");
        assertThat(campaigns().active()).contains(c.id());
        assertThat(campaigns().all()).extracting(Campaign::id).contains(c.id());
        assertThat(campaigns().claims(List.of(name("a"), name("b"), name("c"), name("none"))))
                .isEqualTo(Map.of(name("a"), c.id(), name("b"), c.id(), name("c"), c.id()));
    }

    @Test
    void thePlanDocumentIsStoredOnceAndReadOnItsOwnThroughEveryChange() {
        Campaign c = stored(CampaignState.RUNNING, "h");
        assertThat(campaigns().planDocument(c.id())).contains(PLAN);

        campaigns().apply(change(c, null, c.withReason("moved on", t0), List.of(), List.of()));
        campaigns().apply(change(c, null, campaigns().find(c.id()).orElseThrow().moveTo(CampaignState.PAUSED,
                "operator", t0), List.of(), List.of()));

        assertThat(campaigns().planDocument(c.id())).contains(PLAN);
    }

    @Test
    void anUnknownOrMalformedIdFindsNothing() {
        assertThat(campaigns().find(uuid())).isEmpty();
        assertThat(campaigns().find("not-a-uuid")).isEmpty();
        assertThat(campaigns().planDocument(uuid())).isEmpty();
        assertThat(campaigns().planDocument("not-a-uuid")).isEmpty();
        assertThat(campaigns().claims(List.of())).isEmpty();
    }

    @Test
    void aHostBelongsToOneUnfinishedCampaignUntilItEnds() {
        Campaign first = stored(CampaignState.RUNNING, "shared");
        Campaign second = campaign(CampaignState.APPROVED, 1);

        assertThatThrownBy(() -> campaigns().create(second, PLAN, List.of(host(second, "own", 0, 0),
                host(second, "shared", 0, 1)), List.of(), List.of(event(second, "planned", "refused"))))
                .isInstanceOf(HostClaimed.class);
        assertThat(campaigns().find(second.id())).as("nothing of the refused campaign is stored").isEmpty();
        assertThat(campaigns().claims(List.of(name("shared"), name("own"))))
                .isEqualTo(Map.of(name("shared"), first.id()));

        campaigns().apply(change(first, null, first.moveTo(CampaignState.DONE, "done", t0), List.of(), List.of()));
        assertThat(campaigns().claims(List.of(name("shared")))).isEmpty();
        assertThat(campaigns().active()).doesNotContain(first.id());
        campaigns().create(second, PLAN, List.of(host(second, "shared", 0, 0)), List.of(), List.of());
        assertThat(campaigns().claims(List.of(name("shared")))).isEqualTo(Map.of(name("shared"), second.id()));
    }

    @Test
    void theLeaseHasOneOwnerAndIsTakenOverOnlyOnceExpired() {
        Campaign c = stored(CampaignState.RUNNING, "h");
        assertThat(campaigns().acquireLease(c.id(), "replica-a", TTL)).isTrue();
        assertThat(campaigns().acquireLease(c.id(), "replica-b", TTL)).as("held by a live owner").isFalse();
        assertThat(campaigns().acquireLease(c.id(), "replica-a", TTL)).as("the owner renews").isTrue();

        elapse(TTL.multipliedBy(2));
        assertThat(campaigns().acquireLease(c.id(), "replica-b", TTL)).as("takeover of an expired lease").isTrue();
        assertThat(campaigns().acquireLease(c.id(), "replica-a", TTL)).as("the old owner is out").isFalse();
    }

    @Test
    void aStaleOwnersChangeIsRefusedAndTheNewOwnersApplies() {
        Campaign c = stored(CampaignState.RUNNING, "h");
        CampaignHost h = campaigns().hosts(c.id()).get(0);
        assertThat(campaigns().acquireLease(c.id(), "replica-a", TTL)).isTrue();
        elapse(TTL.multipliedBy(2));

        CampaignChange byA = change(c, "replica-a", null, List.of(h.begin(Step.PRECHECK, null, t0)),
                List.of(event(c, "precheck", "by a")));
        assertThatThrownBy(() -> campaigns().apply(byA)).as("an expired lease fences its owner")
                .isInstanceOf(ConcurrentChange.class);
        assertThat(campaigns().acquireLease(c.id(), "replica-b", TTL)).isTrue();
        assertThatThrownBy(() -> campaigns().apply(byA)).as("a lease taken over fences the old owner")
                .isInstanceOf(ConcurrentChange.class);

        campaigns().apply(change(c, "replica-b", null, List.of(h.begin(Step.PRECHECK, null, t0)),
                List.of(event(c, "precheck", "by b"))));
        assertThat(campaigns().hosts(c.id()).get(0).step()).isEqualTo(Step.PRECHECK);
        assertThat(campaigns().events(c.id(), 0, 10)).extracting(CampaignEvent::message).containsExactly("by b");
    }

    @Test
    void aReleasedLeaseIsFreeButOnlyItsOwnerReleasesIt() {
        Campaign c = stored(CampaignState.RUNNING, "h");
        assertThat(campaigns().acquireLease(c.id(), "replica-a", TTL)).isTrue();
        campaigns().releaseLease(c.id(), "replica-b");
        assertThat(campaigns().acquireLease(c.id(), "replica-b", TTL)).as("not released by another").isFalse();
        campaigns().releaseLease(c.id(), "replica-a");
        assertThat(campaigns().acquireLease(c.id(), "replica-b", TTL)).isTrue();
        assertThatThrownBy(() -> campaigns().apply(change(c, "replica-a", null, List.of(), List.of())))
                .isInstanceOf(ConcurrentChange.class);
    }

    @Test
    void anOperatorsChangeNeedsNoLease() {
        Campaign c = stored(CampaignState.RUNNING, "h");
        assertThat(campaigns().acquireLease(c.id(), "replica-a", Duration.ofMinutes(1))).isTrue();
        campaigns().apply(change(c, null, c.moveTo(CampaignState.PAUSED, "operator", t0), List.of(), List.of()));
        assertThat(campaigns().find(c.id()).orElseThrow().state()).isEqualTo(CampaignState.PAUSED);
    }

    @Test
    void eachWriteBumpsTheVersionAndAStaleVersionRefusesTheWholeChange() {
        Campaign c = stored(CampaignState.RUNNING, "h");
        CampaignHost h = campaigns().hosts(c.id()).get(0);
        campaigns().apply(change(c, null, c.withReason("first", t0), List.of(h.begin(Step.PRECHECK, null, t0)),
                List.of(event(c, "one", "first"))));
        Campaign afterFirst = campaigns().find(c.id()).orElseThrow();
        CampaignHost hostAfterFirst = campaigns().hosts(c.id()).get(0);
        assertThat(afterFirst.version()).isEqualTo(1);
        assertThat(afterFirst.stateReason()).isEqualTo("first");
        assertThat(hostAfterFirst.version()).isEqualTo(1);

        // a stale host row: nothing of the change is written, the campaign's update and the event included
        assertThatThrownBy(() -> campaigns().apply(change(c, null, afterFirst.withReason("stale host", t0),
                List.of(h.begin(Step.PRECHECK, null, t0)), List.of(event(c, "two", "stale host")))))
                .isInstanceOf(ConcurrentChange.class);
        // a stale campaign row
        assertThatThrownBy(() -> campaigns().apply(change(c, null, c.withReason("stale campaign", t0),
                List.of(hostAfterFirst.complete(t0)), List.of(event(c, "three", "stale campaign")))))
                .isInstanceOf(ConcurrentChange.class);

        assertThat(campaigns().find(c.id()).orElseThrow()).usingRecursiveComparison().ignoringFields("updatedAt")
                .isEqualTo(afterFirst);
        assertThat(campaigns().hosts(c.id())).usingRecursiveFieldByFieldElementComparatorIgnoringFields("updatedAt")
                .containsExactly(hostAfterFirst);
        assertThat(campaigns().events(c.id(), 0, 10)).extracting(CampaignEvent::type).containsExactly("one");
    }

    @Test
    void aChangeThatStartsWorkIsRefusedOnceTheCampaignLeftItsState() {
        Campaign c = stored(CampaignState.RUNNING, "h");
        CampaignHost h = campaigns().hosts(c.id()).get(0);
        campaigns().apply(change(c, null, c.moveTo(CampaignState.PAUSED, "operator", t0), List.of(), List.of()));

        CampaignChange start = new CampaignChange(c.id(), null, CampaignState.RUNNING, null,
                List.of(h.begin(Step.PRECHECK, null, t0)), List.of(), List.of(), List.of());
        assertThatThrownBy(() -> campaigns().apply(start)).isInstanceOf(ConcurrentChange.class);
        assertThat(campaigns().hosts(c.id()).get(0).step()).isNull();
    }

    @Test
    void vmRowsAreUpdatedOrAddedByAChange() {
        Campaign c = campaign(CampaignState.RUNNING, 0);
        String kept = uuid();
        String added = uuid();
        campaigns().create(c, PLAN, List.of(host(c, "h", 0, 0)), List.of(vm(c, kept, "h", 0)), List.of());
        VmAction moving = campaigns().vms(c.id()).get(0).moved(VmActionState.IN_PROGRESS, "42", null, null);
        campaigns().apply(new CampaignChange(c.id(), null, null, null, List.of(),
                List.of(moving, vm(c, added, "h", 1)), List.of(), List.of()));

        assertThat(campaigns().vms(c.id())).extracting(VmAction::vmUuid, VmAction::state, VmAction::migrationId,
                VmAction::version).containsExactly(tuple(kept, VmActionState.IN_PROGRESS, "42", 1L),
                        tuple(added, VmActionState.PENDING, null, 0L));
    }

    @Test
    void aCommandIsEnqueuedOnceHoweverOftenAChangeNamesIt() {
        Campaign c = stored(CampaignState.RUNNING, "h");
        Envelope ping = Envelope.command(uuid(), name("h"), c.id(), new Commands.Ping("contract"), t0);
        CampaignChange sending = new CampaignChange(c.id(), null, null, null, List.of(), List.of(), List.of(),
                List.of(ping));
        campaigns().apply(sending);

        AgentCommandRecord recorded = commands().find(ping.id()).orElseThrow();
        assertThat(recorded.host()).isEqualTo(name("h"));
        assertThat(recorded.campaignId()).isEqualTo(c.id());
        assertThat(recorded.type()).isEqualTo(ping.type().wireName());
        assertThat(recorded.issuedAt()).isEqualTo(t0);
        assertThat(recorded.isCompleted()).isFalse();
        commands().save(recorded.completed("SUCCEEDED", "pong", Map.of(), t0.plusSeconds(1)));

        campaigns().apply(sending);
        assertThat(outboxMessageIds().stream().filter(ping.id()::equals)).hasSize(1);
        assertThat(commands().find(ping.id()).orElseThrow().outcome()).as("the result is kept")
                .isEqualTo("SUCCEEDED");
    }

    @Test
    void aNotificationIsSentOncePerMessageId() {
        Campaign c = stored(CampaignState.RUNNING, "h");
        Notification n = new Notification(uuid(), "molt.maintenance.start", Notification.Priority.INFO, t0,
                "MoltMaintenancePayload", "1.0", Map.of("host", name("h")));
        CampaignChange notifying = new CampaignChange(c.id(), null, null, null, List.of(), List.of(), List.of(),
                List.of()).notifying(List.of(n));
        campaigns().apply(notifying);
        campaigns().apply(notifying);
        assertThat(outboxMessageIds().stream().filter(n.messageId()::equals)).hasSize(1);
    }

    @Test
    void eventsComeBackInTheOrderWrittenAndPageByIdAcrossChanges() {
        Campaign c = campaign(CampaignState.RUNNING, 0);
        campaigns().create(c, PLAN, List.of(host(c, "h", 0, 0)), List.of(),
                List.of(event(c, "e1", "1"), event(c, "e2", "2")));
        campaigns().apply(change(c, null, null, List.of(), List.of(event(c, "e3", "3"), event(c, "e4", "4"))));
        campaigns().apply(change(c, null, null, List.of(), List.of(event(c, "e5", "5"))));

        List<CampaignEvent> all = campaigns().events(c.id(), 0, 100);
        assertThat(all).extracting(CampaignEvent::type).containsExactly("e1", "e2", "e3", "e4", "e5");
        assertThat(all).extracting(CampaignEvent::id).isSorted().doesNotHaveDuplicates();
        assertThat(all.get(0).detail()).isEqualTo(Map.of("k", "v"));
        assertThat(all.get(0).occurredAt()).isEqualTo(t0);
        assertThat(campaigns().events(c.id(), all.get(1).id(), 2)).extracting(CampaignEvent::type)
                .containsExactly("e3", "e4");
        assertThat(campaigns().events(c.id(), all.get(4).id(), 10)).isEmpty();
    }

    @Test
    void aHostsNoticeIsStoredWithTheChangeThatSendsIt() {
        Campaign c = stored(CampaignState.RUNNING, "h");
        assertThat(campaigns().notice(c.id(), name("h"))).isEmpty();
        HostNotice notice = new HostNotice(c.id(), name("h"), t0, t0.plusSeconds(600));
        campaigns().apply(new CampaignChange(c.id(), null, null, null, List.of(), List.of(), List.of(), List.of(),
                List.of(), notice));
        assertThat(campaigns().notice(c.id(), name("h"))).contains(notice);
    }

    // --- fixtures

    /** A campaign stored with one pending host {@code host}, as read back. */
    protected Campaign stored(CampaignState state, String host) {
        Campaign c = campaign(state, 0);
        campaigns().create(c, PLAN, List.of(host(c, host, 0, 0)), List.of(), List.of());
        return campaigns().find(c.id()).orElseThrow();
    }

    protected Campaign campaign(CampaignState state, int createdLaterMs) {
        Instant at = t0.plusMillis(createdLaterMs);
        return new Campaign(uuid(), "contract-" + tag, state, "because", UpgradeTarget.USERSPACE,
                new HostSelector(List.of(name("a")), null, null), CampaignOptions.defaults(),
                new UpgradeSpec(List.of("/bin/true"), 60, null), "tester", at, at, true, 0);
    }

    /** A host name of this test's own. */
    protected String name(String host) {
        return "contract-" + tag + "-" + host;
    }

    private CampaignHost host(Campaign c, String host, int wave, int position) {
        return CampaignHost.pending(c.id(), name(host), wave, position, t0);
    }

    private VmAction vm(Campaign c, String uuid, String host, int order) {
        return new VmAction(c.id(), uuid, "vm-" + order, name(host), Action.LIVE_MIGRATE, null, "planned",
                VmState.ACTIVE, VmActionState.PENDING, null, 1500, null, null, 0, "project-1", 512.0, order);
    }

    private CampaignEvent event(Campaign c, String type, String message) {
        return new CampaignEvent(null, t0, c.id(), null, null, type, message, Map.of("k", "v"));
    }

    private static CampaignChange change(Campaign c, String owner, Campaign update, List<CampaignHost> hosts,
            List<CampaignEvent> events) {
        return new CampaignChange(c.id(), owner, null, update, hosts, List.of(), events, List.of());
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }
}
