package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignChange;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.HostNotice;
import io.molt.service.domain.campaign.HostSelector;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.UpgradeTarget;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.support.ServiceTestEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An operator's action that races the engine on the real PostgreSQL store: the engine writes the campaign
 * between the action's read and its write (its row version moves), as when a pause arrives just as the engine
 * starts an approved campaign (found by OpenApiContractIT: such a pause was refused with 409). The action is
 * decided again on the campaign as it now is.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "molt.simulation.enabled=true", "molt.simulation.heartbeat=200ms", "molt.engine.enabled=false"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class OperatorActionRaceIT {

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("race");

    @Autowired
    Campaigns stored;
    @Autowired
    CampaignService service;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @AfterAll
    static void cleanUp() {
        env.close();
    }

    @Test
    void aPauseThatTheEngineBeatsToTheWriteIsDecidedAgainOnTheRunningCampaign() {
        String id = approvedCampaign("compute-00000");
        EngineFirst racing = new EngineFirst(stored, 1);
        CampaignService operator = new CampaignService(racing, null, outcome -> "{}", Clock.systemUTC());

        Campaign paused = operator.pause(id, "admin");

        assertThat(racing.engineWrites).isEqualTo(1);
        assertThat(paused.state()).isEqualTo(CampaignState.PAUSED);
        assertThat(stored.events(id, 0, 100).stream().map(CampaignEvent::type))
                .containsSubsequence("campaign.approved", "campaign.running", "campaign.paused");
    }

    @Test
    void anActionTheEngineKeepsBeatingIsRefusedWith409AfterItsAttempts() {
        String id = approvedCampaign("compute-00001");
        EngineFirst racing = new EngineFirst(stored, Integer.MAX_VALUE);
        CampaignService operator = new CampaignService(racing, null, outcome -> "{}", Clock.systemUTC());

        CampaignRejected refused = org.junit.jupiter.api.Assertions.assertThrows(CampaignRejected.class,
                () -> operator.abort(id, "admin", true));

        assertThat(refused.kind()).isEqualTo(CampaignRejected.Kind.CONFLICT);
        assertThat(refused.getMessage()).contains("changed " + CampaignService.ATTEMPTS + " times");
        assertThat(racing.engineWrites).isEqualTo(CampaignService.ATTEMPTS);
    }

    private String approvedCampaign(String host) {
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> service.create(request(host)) != null);
        String id = stored.all().stream().filter(c -> c.selector().hosts().contains(host)).findFirst().orElseThrow()
                .id();
        service.approve(id, "admin");
        return id;
    }

    private static CampaignRequest request(String host) {
        return new CampaignRequest("race", new HostSelector(List.of(host), null, null), UpgradeTarget.USERSPACE,
                new UpgradeSpec(List.of("true"), 60, null), CampaignOptions.defaults(), "admin");
    }

    /**
     * The store as the engine races it: before each of the operator's first {@code races} writes, the engine
     * writes the campaign itself (the next state of its life: APPROVED to RUNNING, then a new reason), so the
     * operator's write finds the row's version moved.
     */
    private static final class EngineFirst implements Campaigns {
        private final Campaigns store;
        private final int races;
        int engineWrites;

        EngineFirst(Campaigns store, int races) {
            this.store = store;
            this.races = races;
        }

        @Override
        public void apply(CampaignChange change) {
            if (change.owner() == null && engineWrites < races) {
                engineWrites++;
                Campaign now = store.find(change.campaignId()).orElseThrow();
                Instant at = Instant.now();
                Campaign next = now.state() == CampaignState.APPROVED
                        ? now.moveTo(CampaignState.RUNNING, "approved; the engine started it", at)
                        : now.withReason("the engine moved on (" + engineWrites + ")", at);
                store.apply(new CampaignChange(now.id(), null, null, next, List.of(), List.of(),
                        List.of(CampaignEvent.of(at, now.id(), null, "campaign." + next.state().name().toLowerCase(),
                                next.stateReason())), List.of()));
            }
            store.apply(change);
        }

        @Override
        public void create(Campaign campaign, String planDocument, List<CampaignHost> hosts, List<VmAction> vms,
                List<CampaignEvent> events) {
            store.create(campaign, planDocument, hosts, vms, events);
        }

        @Override
        public Optional<Campaign> find(String id) {
            return store.find(id);
        }

        @Override
        public Optional<String> planDocument(String campaignId) {
            return store.planDocument(campaignId);
        }

        @Override
        public Map<String, String> claims(Collection<String> hosts) {
            return store.claims(hosts);
        }

        @Override
        public List<Campaign> all() {
            return store.all();
        }

        @Override
        public List<String> active() {
            return store.active();
        }

        @Override
        public List<CampaignHost> hosts(String campaignId) {
            return store.hosts(campaignId);
        }

        @Override
        public List<VmAction> vms(String campaignId) {
            return store.vms(campaignId);
        }

        @Override
        public List<CampaignEvent> events(String campaignId, long afterId, int limit) {
            return store.events(campaignId, afterId, limit);
        }

        @Override
        public Optional<HostNotice> notice(String campaignId, String host) {
            return store.notice(campaignId, host);
        }

        @Override
        public boolean acquireLease(String campaignId, String owner, Duration ttl) {
            return store.acquireLease(campaignId, owner, ttl);
        }

        @Override
        public void releaseLease(String campaignId, String owner) {
            store.releaseLease(campaignId, owner);
        }
    }
}
