package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.molt.protocol.Topology;
import io.molt.service.adapter.simulation.SimulatedAgents;
import io.molt.service.adapter.simulation.SimulatedCloud;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.HostSelector;
import io.molt.service.domain.campaign.HostState;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.Strategy;
import io.molt.service.domain.plan.UpgradeTarget;
import io.molt.service.domain.port.AgentCommands;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.domain.port.Outbox;
import io.molt.service.support.ServiceTestEnvironment;
import io.molt.service.support.TenantListener;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Crash and resume: a 3-host campaign where the engine replica dies abruptly at every step boundary (once
 * per boundary; its lease is left behind), and a new replica on the same PostgreSQL takes over once the
 * lease expires. The campaign must finish with every VM accounted for, no migration started twice and no
 * host left disabled, each host's hooks run once, and a tenant listening on the broker must hear of every VM, host
 * and campaign change once.
 */
@SpringBootTest(properties = {"molt.simulation.enabled=true", "molt.simulation.time-scale=0.0005",
        "molt.simulation.heartbeat=200ms", "molt.agents.offline-after=2s", "molt.engine.enabled=false",
        "molt.engine.tick=100ms", "molt.engine.lease-ttl=300ms"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CampaignCrashIT {

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("crash");

    /** What a replica dying at a boundary looks like to the code above it. */
    static final class Crash extends Error {
        Crash(String where) {
            super("crashed at " + where, null, false, false);
        }
    }

    @Autowired
    CampaignService service;
    @Autowired
    Campaigns campaigns;
    @Autowired
    SimulatedCloud cloud;
    @Autowired
    SimulatedAgents agents;
    @Autowired
    CloudObserver observer;
    @Autowired
    AgentCommands commands;
    @Autowired
    Outbox outbox;
    @Autowired
    EngineSettings settings;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    AmqpAdmin admin;
    @Autowired
    Topology topology;

    private final Set<String> crashedAt = ConcurrentHashMap.newKeySet();
    private CampaignReconciler replica;
    private int replicas;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @AfterAll
    static void cleanUp() {
        env.close();
    }

    @Test
    void aCampaignSurvivesACrashAtEveryStepBoundary() {
        try (TenantListener tenant = new TenantListener(rabbit, admin, topology)) {
            survive(tenant);
        }
    }

    private void survive(TenantListener tenant) {
        List<String> hosts = List.of("compute-00000", "compute-00001", "compute-00002");
        CloudSnapshot before = cloud.snapshot();
        CampaignOptions options = CampaignOptions.builder()
                .allowedActions(EnumSet.of(Action.LIVE_MIGRATE, Action.PRESERVE)).downtimeSlackMs(0)
                .strategy(Strategy.LEAST_DOWNTIME).build(); // least downtime with no slack: some VMs migrate
        Campaign campaign = service.create(new CampaignRequest("crash", new HostSelector(hosts, null, null),
                UpgradeTarget.USERSPACE, new UpgradeSpec(List.of("/usr/local/sbin/upgrade"), 600, "9000000"),
                options, "test"));
        List<VmAction> planned = campaigns.vms(campaign.id());
        assertThat(planned).extracting(VmAction::action).contains(Action.LIVE_MIGRATE);
        service.approve(campaign.id(), "test");

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                .until(() -> pass(campaign.id()));

        assertThat(service.find(campaign.id()).state()).isEqualTo(CampaignState.DONE);
        assertThat(crashedAt.size()).as("boundaries crashed at").isGreaterThan(3 * 11);
        assertThat(crashedAt).as("the hook steps' boundaries too").contains("compute-00000|begun HOOK_BEFORE_DOWN",
                "compute-00000|completed HOOK_BEFORE_DOWN", "compute-00000|begun HOOK_AFTER_UP",
                "compute-00000|completed HOOK_AFTER_UP");
        assertThat(campaigns.hosts(campaign.id())).extracting(CampaignHost::state).containsOnly(HostState.DONE);
        assertThat(campaigns.vms(campaign.id())).extracting(VmAction::state).containsOnly(VmActionState.DONE);
        CloudSnapshot after = cloud.snapshot();
        assertThat(after.hosts()).allMatch(Host::enabled).allMatch(Host::up);
        assertThat(after.vms()).extracting(Vm::uuid)
                .containsExactlyInAnyOrderElementsOf(before.vms().stream().map(Vm::uuid).toList());
        Set<String> activeBefore = before.vms().stream().filter(v -> v.state() == VmState.ACTIVE).map(Vm::uuid)
                .collect(java.util.stream.Collectors.toSet());
        assertThat(after.vms()).filteredOn(v -> activeBefore.contains(v.uuid()))
                .allMatch(v -> v.state() == VmState.ACTIVE);
        for (VmAction vm : planned) {
            int expected = vm.action() == Action.LIVE_MIGRATE ? 1 : 0;
            assertThat(cloud.migrationsStarted(vm.vmUuid())).as("migrations of " + vm.vmUuid()).isEqualTo(expected);
        }

        // every notification once, in order, although every step boundary crashed once
        while (outbox.publishPending(1000) > 0) {
            // what the last replica left in the outbox
        }
        tenant.drain();
        assertThat(tenant.campaignMoves(campaign.id())).containsExactly("PLANNED->APPROVED", "APPROVED->RUNNING",
                "RUNNING->DONE");
        for (VmAction vm : planned) {
            assertThat(tenant.ofVm(vm.vmUuid())).as(vm.vmUuid()).extracting(TenantListener.Received::eventType)
                    .containsExactly("molt.maintenance.scheduled", "molt.maintenance.start", "molt.maintenance.end");
        }
        for (String host : hosts) {
            assertThat(tenant.hostStates(host)).as(host).containsExactly("PRECHECKED", "PREPARED", "DISABLED",
                    "EVACUATED", "UPGRADED", "PRESERVED", "RESTORED", "VERIFIED", "ENABLED", "RETURNED", "DONE");
            assertThat(agents.hooksRun(host)).as("each hook ran once on " + host).containsExactly("before-down",
                    "after-up");
        }
    }

    /** One engine pass by the current replica; a crash replaces the replica. True once the campaign ended. */
    private boolean pass(String id) {
        if (replica == null) {
            replicas++;
            EngineSettings own = settings.withOwner("replica-" + replicas);
            replica = new CampaignReconciler(campaigns, cloud, observer, commands, outbox, own,
                    (campaignId, host, boundary) -> {
                        if (crashedAt.add(host + "|" + boundary)) {
                            throw new Crash(host + " " + boundary);
                        }
                    }, Clock.systemUTC());
        }
        try {
            outbox.publishPending(100);
            replica.reconcile(id);
        } catch (Crash crash) {
            replica = null;
        } catch (io.molt.service.domain.campaign.ConcurrentChange e) {
            // another writer moved first: read and decide again on the next pass
        }
        return service.find(id).state().isFinal();
    }
}
