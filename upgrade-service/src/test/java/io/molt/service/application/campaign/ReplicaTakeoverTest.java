package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.protocol.ProgramRun;
import io.molt.service.adapter.memory.InMemoryAgentCommands;
import io.molt.service.adapter.memory.InMemoryCampaigns;
import io.molt.service.adapter.memory.InMemoryKernelBoots;
import io.molt.service.adapter.memory.MutableClock;
import io.molt.service.adapter.simulation.SimulatedCloud;
import io.molt.service.adapter.simulation.SimulatedTimings;
import io.molt.service.domain.agent.AgentCommandRecord;
import io.molt.service.domain.agent.AgentRecord;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.ConcurrentChange;
import io.molt.service.domain.campaign.HostSelector;
import io.molt.service.domain.campaign.HostState;
import io.molt.service.domain.campaign.Step;
import io.molt.service.domain.campaign.StepLimits;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.HostCapabilities;
import io.molt.service.domain.cloud.Resources;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmPolicy;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.CostParameters;
import io.molt.service.domain.plan.UpgradeTarget;
import io.molt.service.domain.port.Agents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Two replicas' reconcilers on one store (the in-memory fakes held to the same contract suites as PostgreSQL),
 * with the clock moved by hand: what {@code ReplicaProcessesIT} and {@code CampaignCrashIT} show with service
 * processes, in milliseconds.
 */
class ReplicaTakeoverTest {

    private static final String VM = "4c1b0e0e-0000-4000-8000-000000000001";
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final HostCapabilities CAPS = new HostCapabilities(true, false, 0, true, "7.2", "9.0", 0);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
    private final InMemoryAgentCommands commands = new InMemoryAgentCommands();
    private final InMemoryCampaigns campaigns = new InMemoryCampaigns(clock, commands, true);
    private final SimulatedCloud cloud = new SimulatedCloud(new CloudSnapshot(clock.instant(),
            List.of(host("sim-a"), host("sim-b")), List.of(new Vm(VM, "vm-1", "p",
                    "sim-a", new Resources(1, 512, 0), VmState.ACTIVE, true, false, VmPolicy.ANY, null, null, 1.0)),
            List.of()), new SimulatedTimings(CostParameters.DEFAULTS, 1e-6));
    private final FakeAgents agents = new FakeAgents();
    private final CloudObserver observer = new CloudObserver(cloud, agents, new InMemoryKernelBoots(), Duration.ofHours(1), clock);
    private final CampaignService service = new CampaignService(campaigns, observer, outcome -> "{}", clock);

    @Test
    void anotherReplicaTakesOverOnceTheLeaseExpiredAndTheOldOneIsFencedOut() {
        Campaign campaign = approved();
        CampaignReconciler a = reconciler("replica-a");
        CampaignReconciler b = reconciler("replica-b");

        // replica a works until the host waits for its agent (the upgrade command sent)
        for (int pass = 0; pass < 6 && theHost(campaign.id()).step() != Step.UPGRADE; pass++) {
            assertThat(a.reconcile(campaign.id())).isTrue();
        }
        CampaignHost waiting = theHost(campaign.id());
        assertThat(waiting.step()).isEqualTo(Step.UPGRADE);
        int eventsByA = campaigns.events(campaign.id(), 0, 1000).size();

        // while a's lease lives, b does nothing
        clock.advance(TTL.minusSeconds(1));
        assertThat(b.reconcile(campaign.id())).isFalse();
        assertThat(theHost(campaign.id())).isEqualTo(waiting);
        assertThat(campaigns.events(campaign.id(), 0, 1000)).hasSize(eventsByA);

        // a stops (crashed); the agent answers; once a's lease expired, b takes over and goes on from the store
        AgentCommandRecord sent = commands.find(waiting.commandId()).orElseThrow();
        commands.save(sent.completed("SUCCEEDED", "upgraded", Map.of(), List.of(),
                new ProgramRun(0, false, "done", 1000), clock.instant()));
        clock.advance(Duration.ofSeconds(2));
        assertThat(b.reconcile(campaign.id())).isTrue();

        CampaignHost afterB = theHost(campaign.id());
        // the host had no guest left: its empty RESTORE is skipped in the same pass, so b may go on past UPGRADED
        assertThat(afterB.upgraded()).as("b completed the upgrade a had begun").isTrue();
        assertThat(afterB.state()).isNotEqualTo(HostState.FAILED);
        assertThat(afterB.version()).isGreaterThan(waiting.version());
        List<CampaignEvent> byB = campaigns.events(campaign.id(), 0, 1000).subList(eventsByA,
                campaigns.events(campaign.id(), 0, 1000).size());
        assertThat(byB).extracting(CampaignEvent::type).first().isEqualTo("host.step.completed");
        assertThat(byB.get(0).message()).startsWith("UPGRADE done on sim-a");

        // a comes back: b holds the lease now, a writes nothing
        CampaignHost beforeA = theHost(campaign.id());
        assertThat(a.reconcile(campaign.id())).isFalse();
        assertThat(theHost(campaign.id())).isEqualTo(beforeA);
    }

    @Test
    void aReplicaThatLostTheLeaseMidStepIsFencedAndTheNewOwnerCompletesTheStepWithoutRepeatingIt() {
        Campaign campaign = approved();
        // replica a loses its lease between carrying out EVACUATE and recording its end (a long GC pause, say)
        StepBoundaries pauseAfterEvacuating = (id, host, boundary) -> {
            if (boundary.equals("performed EVACUATE")) {
                clock.advance(TTL.plusSeconds(1));
                assertThat(campaigns.acquireLease(id, "replica-b", TTL)).isTrue();
            }
        };
        CampaignReconciler a = reconciler("replica-a", pauseAfterEvacuating);
        CampaignReconciler b = reconciler("replica-b", StepBoundaries.NONE);

        assertThatThrownBy(() -> {
            for (int pass = 0; pass < 6; pass++) {
                a.reconcile(campaign.id());
            }
        }).isInstanceOf(ConcurrentChange.class);
        CampaignHost fenced = theHost(campaign.id());
        assertThat(fenced.step()).as("a's end of the step was refused").isEqualTo(Step.EVACUATE);
        assertThat(fenced.state()).isEqualTo(HostState.DISABLED);
        assertThat(cloud.migrationsStarted(VM)).isEqualTo(1);

        assertThat(b.reconcile(campaign.id())).isTrue();
        assertThat(theHost(campaign.id()).state()).isEqualTo(HostState.EVACUATED);
        assertThat(cloud.migrationsStarted(VM)).as("the guest had left: not migrated again").isEqualTo(1);
        assertThat(campaigns.events(campaign.id(), 0, 1000)).extracting(CampaignEvent::message)
                .filteredOn(m -> m.startsWith("EVACUATE done")).hasSize(1);
    }

    private Campaign approved() {
        Campaign campaign = service.create(new CampaignRequest("takeover", new HostSelector(List.of("sim-a"), null,
                null), UpgradeTarget.USERSPACE, new UpgradeSpec(List.of("/bin/true"), 60, null),
                CampaignOptions.defaults(), "tester"));
        service.approve(campaign.id(), "tester");
        return campaign;
    }

    private CampaignReconciler reconciler(String owner) {
        return reconciler(owner, StepBoundaries.NONE);
    }

    private CampaignReconciler reconciler(String owner, StepBoundaries boundaries) {
        EngineSettings settings = new EngineSettings(owner, TTL, Duration.ofHours(1), Duration.ofMinutes(1),
                Duration.ofSeconds(1), new StepLimits(3, Duration.ofMinutes(10), Duration.ofMinutes(30)));
        return new CampaignReconciler(campaigns, cloud, observer, commands, max -> 0, settings, boundaries, clock);
    }

    private CampaignHost theHost(String campaignId) {
        return campaigns.hosts(campaignId).get(0);
    }

    private static Host host(String name) {
        return new Host(name, "az-1", Set.of(), new Resources(8, 16384, 100), Resources.ZERO, true, true, "1", CAPS);
    }

    /** Agents that are online whenever asked (their heartbeat is the clock's now). */
    private final class FakeAgents implements Agents {
        private final Map<String, AgentRecord> saved = new ConcurrentHashMap<>();

        @Override
        public Optional<AgentRecord> find(String host) {
            return Optional.of(saved.getOrDefault(host, online(host)));
        }

        @Override
        public List<AgentRecord> all() {
            return List.of(online("sim-a"), online("sim-b"));
        }

        @Override
        public void save(AgentRecord agent) {
            saved.put(agent.host(), agent);
        }

        @Override
        public boolean heartbeat(String host, Instant at) {
            save(find(host).orElseThrow().heartbeat(at));
            return true;
        }

        private AgentRecord online(String host) {
            Instant now = clock.instant();
            return new AgentRecord(host, "1.0", 2, new io.molt.protocol.HostCapabilities("simulated://", true,
                    "9.0.0", "7.2.0", true, 1L << 30, false, 8L << 30, 4), now, now, now);
        }
    }
}
