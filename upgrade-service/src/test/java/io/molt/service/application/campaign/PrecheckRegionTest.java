package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.adapter.memory.InMemoryAgents;
import io.molt.service.adapter.memory.InMemoryKernelBoots;
import io.molt.service.adapter.simulation.SimulatedCloud;
import io.molt.service.adapter.simulation.SimulatedTimings;
import io.molt.service.domain.agent.AgentRecord;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.StepProgress;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.HostCapabilities;
import io.molt.service.domain.cloud.Resources;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmPolicy;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.CostParameters;
import io.molt.service.domain.plan.Plan;
import io.molt.service.domain.plan.PlanOutcome;
import io.molt.service.domain.plan.UpgradePlanner;
import io.molt.service.domain.plan.UpgradeTarget;
import io.molt.service.domain.port.Agents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 3's last fault, below the integration level: a KERNEL campaign planned while the host's agent
 * reported a 4 GiB preserved region, whose agent reports 1 GiB when the host's PRECHECK comes (the region was
 * reconfigured): the re-plan against that report takes preservation away from the guest that no longer fits,
 * with the reason, and keeps it for the one that does. No real agent on the lab machines can report a kexec-capable
 * host (their kernel has no kexec), so the report here is an agent record, through the real observer and planner.
 */
class PrecheckRegionTest {

    private static final Instant NOW = Instant.parse("2026-12-04T19:00:00Z");

    @Test
    void aGuestLargerThanTheRegionTheAgentReportsAtPrecheckIsPlannedOtherwiseAndTheReasonSaysWhy() {
        CloudSnapshot cloud = cloud(4096);
        CampaignOptions options = CampaignOptions.builder().hosts(Set.of("a")).build();
        Plan plan = ((PlanOutcome.Planned) new UpgradePlanner().plan(cloud, UpgradeTarget.KERNEL, options)).plan();
        assertThat(plan.waves().get(0).hosts().get(0).vms()).allMatch(v -> v.action() == Action.PRESERVE);
        Campaign campaign = new Campaign("c", "c", CampaignState.RUNNING, null, UpgradeTarget.KERNEL, null, options,
                new UpgradeSpec(List.of("/bin/true"), 60, null), "t", NOW, NOW, true, 0);
        List<CampaignHost> rows = PlanRows.hosts("c", plan, NOW);
        List<VmAction> planned = PlanRows.vms("c", plan, cloud);

        // the agent now reports 1 GiB of preserved memory
        Agents agents = agentsReporting(cloud, 1024);
        CloudObserver observer = new CloudObserver(new SimulatedCloud(cloud, new SimulatedTimings(
                CostParameters.DEFAULTS, 1e-5)), agents, new InMemoryKernelBoots(), Duration.ofSeconds(30),
                Clock.fixed(NOW, ZoneOffset.UTC));
        CampaignHost a = rows.stream().filter(h -> h.host().equals("a")).findFirst().orElseThrow();
        StepOutcome outcome = new Precheck(observer).run(campaign, a, rows, planned, NOW);

        assertThat(outcome.progress()).isInstanceOf(StepProgress.Succeeded.class);
        Map<String, VmAction> after = outcome.vms().stream().collect(Collectors.toMap(VmAction::vmUuid,
                Function.identity()));
        assertThat(after.get("big").action()).isNotEqualTo(Action.PRESERVE);
        assertThat(after.get("big").reason()).contains("no preservation: RAM larger than the host's preserved region "
                + "(1024 MiB)");
        assertThat(after.get("small").action()).isEqualTo(Action.PRESERVE);
        assertThat(outcome.events()).anyMatch(e -> e.type().equals("host.replanned"));
    }

    /** Hosts a (the one upgraded) and b (room for a move); a's guests of 2 GiB and 512 MiB. */
    private static CloudSnapshot cloud(long regionMib) {
        HostCapabilities caps = new HostCapabilities(true, true, regionMib, true, "7.2.0", "9.0.0", 0);
        List<Vm> vms = List.of(vm("big", 2048), vm("small", 512));
        Host a = new Host("a", "az-1", Set.of(), new Resources(32, 65536, 1000), new Resources(4, 2560, 0), true, true,
                "1", caps);
        Host b = new Host("b", "az-1", Set.of(), new Resources(32, 65536, 1000), Resources.ZERO, true, true, "1", caps);
        return new CloudSnapshot(NOW, List.of(a, b), vms, List.of());
    }

    private static Vm vm(String uuid, long ramMib) {
        return new Vm(uuid, uuid, "p", "a", new Resources(2, ramMib, 0), VmState.ACTIVE, true, false, VmPolicy.ANY,
                null, null, 16.0);
    }

    private static Agents agentsReporting(CloudSnapshot cloud, long regionMib) {
        InMemoryAgents agents = new InMemoryAgents();
        cloud.hosts().forEach(h -> agents.save(new AgentRecord(h.name(), "test", 2, new io.molt.protocol.HostCapabilities(
                "qemu:///system", true, "9.0.0", "7.2.0", true, regionMib << 20, true, 1L << 34, 1), NOW, NOW, NOW)));
        return agents;
    }
}
