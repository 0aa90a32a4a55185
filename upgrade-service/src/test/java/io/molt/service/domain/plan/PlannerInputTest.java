package io.molt.service.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Resources;
import io.molt.service.domain.cloud.VmPolicy;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Inputs the planner must not take at their word, and reasons that must say what really happens. */
class PlannerInputTest {

    private final UpgradePlanner planner = new UpgradePlanner();

    @Test
    void aHostWhoseUsedIsBelowItsVmsIsFilledOnlyUpToItsLimitCountingTheVms() {
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PLAIN).host("b", TestCloud.PLAIN)
                .vm("vm-1", "a", 32768, VmPolicy.MIGRATE)
                .vm("b-1", "b", 40000, VmPolicy.ANY).vm("b-2", "b", 40000, VmPolicy.ANY)
                .reportedUsed("b", Resources.ZERO).snapshot();

        PlanOutcome outcome = planner.plan(cloud, UpgradeTarget.USERSPACE,
                CampaignOptions.builder().hosts(Set.of("a")).build());

        // b may take (65536 - 512) * 1.5 = 97536 MiB; its VMs take 80000, so vm-1's 32768 do not fit.
        assertThat(outcome).isInstanceOfSatisfying(PlanOutcome.Infeasible.class, infeasible ->
                assertThat(infeasible.violations()).singleElement().satisfies(v -> {
                    assertThat(v.vmUuid()).isEqualTo("vm-1");
                    assertThat(v.constraint()).isEqualTo("capacity");
                }));
        assertThat(ReportedUsage.understated(cloud)).containsExactly("host b: used (0 vCPUs, 0 MiB, 0 GiB) is below "
                + "what its VMs take (4 vCPUs, 80000 MiB, 0 GiB); planned with the larger of each");
    }

    @Test
    void aHostThatReportsMoreThanItsVmsKeepsWhatItReports() {
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PLAIN).host("b", TestCloud.PLAIN)
                .vm("vm-1", "a", 32768, VmPolicy.MIGRATE).vm("b-1", "b", 1024, VmPolicy.ANY)
                .reportedUsed("b", new Resources(8, 80000, 0)).snapshot();

        PlanOutcome outcome = planner.plan(cloud, UpgradeTarget.USERSPACE,
                CampaignOptions.builder().hosts(Set.of("a")).build());

        assertThat(outcome).isInstanceOf(PlanOutcome.Infeasible.class);
        assertThat(ReportedUsage.understated(cloud)).isEmpty();
    }

    @Test
    void aVmSentToAHostUpgradedLaterIsNotSaidToMoveAgainWhenItStaysThere() {
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PLAIN).host("b", TestCloud.PRESERVING)
                .vm("vm-1", "a", 4096, VmPolicy.ANY).vm("b-1", "b", 8192, VmPolicy.MIGRATE).snapshot(); // b goes second

        Plan plan = ((PlanOutcome.Planned) planner.plan(cloud, UpgradeTarget.USERSPACE, CampaignOptions.defaults()))
                .plan();

        List<VmStep> steps = plan.waves().stream().flatMap(w -> w.hosts().stream()).flatMap(h -> h.vms().stream())
                .filter(v -> v.vmUuid().equals("vm-1")).toList();
        assertThat(steps).extracting(VmStep::action).containsExactly(Action.LIVE_MIGRATE, Action.PRESERVE);
        assertThat(steps.get(0).reason().text()).doesNotContain("moves again")
                .contains("destination b is upgraded later (no upgraded host had room): the VM gets a second step there");
    }
}
