package io.molt.service.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.VmPolicy;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The campaign objective (ADR 0009): strategies, weights and the default downtime limit. */
class StrategyTest {

    private final UpgradePlanner planner = new UpgradePlanner();

    /** One 8 GiB VM on a preserving host with room elsewhere: it stays under balanced, moves under least-downtime. */
    private final CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PRESERVING).host("b", TestCloud.PRESERVING)
            .vm("vm-1", "a", 8192, VmPolicy.ANY).snapshot();

    @Test
    void balancedKeepsAVmInPlaceWithinItsLimitAndSaysWhichFigureDecided() {
        VmStep step = step(CampaignOptions.builder().hosts(Set.of("a")).build());
        assertThat(step.action()).isEqualTo(Action.PRESERVE);
        assertThat(step.reason().rule()).isEqualTo(Reason.Rule.CAMPAIGN_COST);
        assertThat(step.reason().decidedBy()).isEqualTo(Reason.Figure.GIB_MOVED);
        assertThat(step.reason().text()).contains("preserved in place: 8.85 s down; within its 30 s limit; "
                + "the live migration's 8.1 GiB sent costs more");
    }

    @Test
    void leastDowntimeIsTheFormerBehaviourAndMovesTheVm() {
        VmStep step = step(CampaignOptions.builder().hosts(Set.of("a")).strategy(Strategy.LEAST_DOWNTIME).build());
        assertThat(step.action()).isEqualTo(Action.LIVE_MIGRATE);
        assertThat(step.reason().rule()).isEqualTo(Reason.Rule.LEAST_DOWNTIME);
    }

    @Test
    void weightsOverrideTheStrategysOwn() {
        VmStep step = step(CampaignOptions.builder().hosts(Set.of("a"))
                .weights(new ObjectiveWeights(0.0, null, 100.0)).build());
        assertThat(step.action()).isEqualTo(Action.LIVE_MIGRATE);
        assertThat(step.reason().decidedBy()).isEqualTo(Reason.Figure.DOWNTIME);
    }

    @Test
    void fastestPrefersTheShortestHostStep() {
        VmStep step = step(CampaignOptions.builder().hosts(Set.of("a")).strategy(Strategy.FASTEST).build());
        assertThat(step.action()).isEqualTo(Action.PRESERVE);
        assertThat(step.reason().decidedBy()).isEqualTo(Reason.Figure.MAKESPAN);
    }

    @Test
    void aVmsOwnLimitIsKeptWhateverTheStrategy() {
        CloudSnapshot tight = new TestCloud().host("a", TestCloud.PRESERVING).host("b", TestCloud.PRESERVING)
                .limited("vm-1", "a", 8192, 5000L).snapshot();
        for (Strategy strategy : Strategy.values()) {
            PlanOutcome outcome = planner.plan(tight, UpgradeTarget.KERNEL,
                    CampaignOptions.builder().hosts(Set.of("a")).strategy(strategy).build());
            VmStep step = steps(((PlanOutcome.Planned) outcome).plan()).get("vm-1");
            assertThat(step.action()).as(strategy.key()).isEqualTo(Action.LIVE_MIGRATE);
            assertThat(step.downtimeSeconds()).isLessThanOrEqualTo(5.0);
        }
    }

    @Test
    void theDefaultLimitRulesOutASlowActionWhenAnotherFits() {
        // a plain host: no preservation; a 4 GiB VM may suspend (17.7 s) or migrate; a 5 s default forces the move
        CloudSnapshot plain = new TestCloud().host("a", TestCloud.PLAIN).host("b", TestCloud.PLAIN)
                .vm("vm-1", "a", 4096, VmPolicy.ANY).snapshot();
        PlanOutcome outcome = planner.plan(plain, UpgradeTarget.KERNEL, CampaignOptions.builder().hosts(Set.of("a"))
                .weights(new ObjectiveWeights(0.0, 0.0, 0.0)).defaultVmDowntimeMs(5000L).build());
        assertThat(steps(((PlanOutcome.Planned) outcome).plan()).get("vm-1").action()).isEqualTo(Action.LIVE_MIGRATE);
    }

    @Test
    void theDefaultLimitDoesNotMakeAPlanInfeasibleWhenNoActionFitsIt() {
        CloudSnapshot preserveOnly = new TestCloud().host("a", TestCloud.PLAIN)
                .vm("vm-1", "a", 4096, VmPolicy.PRESERVE).snapshot();
        PlanOutcome outcome = planner.plan(preserveOnly, UpgradeTarget.FULL_REBOOT,
                CampaignOptions.builder().defaultVmDowntimeMs(1000L).build());
        VmStep step = steps(((PlanOutcome.Planned) outcome).plan()).get("vm-1");
        assertThat(step.downtimeSeconds()).isGreaterThan(1.0);
        assertThat(step.reason().text()).contains("every allowed action exceeds the campaign's default limit of 1000 ms");
    }

    @Test
    void theFrontierGivesEveryStrategysTotalsAsItsOwnPlanWouldAndMarksTheChosenOne() {
        CloudSnapshot generated = io.molt.service.domain.cloud.SyntheticCloud.generate(
                io.molt.service.domain.cloud.SyntheticCloudSpec.of(30, 10, 3));
        CampaignOptions options = CampaignOptions.builder().strategy(Strategy.LEAST_MOVED).build();
        Plan plan = ((PlanOutcome.Planned) new StrategyFrontier().plan(generated, UpgradeTarget.KERNEL, options))
                .plan();
        assertThat(plan.frontier()).extracting(FrontierPoint::strategy).containsExactly(Strategy.values());
        for (FrontierPoint point : plan.frontier()) {
            PlanOutcome own = planner.plan(generated, UpgradeTarget.KERNEL, options.toBuilder()
                    .strategy(point.strategy()).build());
            assertThat(point.chosen()).isEqualTo(point.strategy() == Strategy.LEAST_MOVED);
            assertThat(point.feasible()).isEqualTo(own instanceof PlanOutcome.Planned);
            if (own instanceof PlanOutcome.Planned planned) {
                assertThat(point.totals()).as(point.strategy().key()).isEqualTo(planned.plan().totals());
            }
        }
        assertThat(plan.waves()).isNotEmpty();
    }

    @Test
    void strategiesParseByTheirNamesAndAnUnknownOneIsRefusedNamingTheKey() {
        assertThat(Strategy.parse("least-downtime")).isEqualTo(Strategy.LEAST_DOWNTIME);
        assertThat(Strategy.parse("LEAST_MOVED")).isEqualTo(Strategy.LEAST_MOVED);
        assertThatThrownBy(() -> Strategy.parse("cheapest")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("strategy: unknown strategy 'cheapest'")
                .hasMessageContaining("balanced, least-downtime, least-moved, fastest");
    }

    @Test
    void negativeWeightsAndWeightsForLeastDowntimeAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> new ObjectiveWeights(-1.0, null, null))
                .hasMessageStartingWith("weights.per_gib_moved must be a finite number, not negative");
        assertThatThrownBy(() -> new ObjectiveWeights(null, null, Double.NaN))
                .hasMessageStartingWith("weights.per_downtime_second");
        assertThatThrownBy(() -> CampaignOptions.builder().strategy(Strategy.LEAST_DOWNTIME)
                .weights(new ObjectiveWeights(1.0, null, null)).build()).hasMessageStartingWith("weights: ");
        assertThatThrownBy(() -> CampaignOptions.builder().defaultVmDowntimeMs(-1L).build())
                .hasMessageStartingWith("default_vm_downtime_ms");
    }

    private VmStep step(CampaignOptions options) {
        PlanOutcome outcome = planner.plan(cloud, UpgradeTarget.KERNEL, options);
        assertThat(outcome).isInstanceOf(PlanOutcome.Planned.class);
        Plan plan = ((PlanOutcome.Planned) outcome).plan();
        new PlanInvariants(cloud, UpgradeTarget.KERNEL, options).check(plan);
        return steps(plan).get("vm-1");
    }

    private static Map<String, VmStep> steps(Plan plan) {
        return plan.waves().stream().flatMap(w -> w.hosts().stream()).flatMap(h -> h.vms().stream())
                .collect(Collectors.toMap(VmStep::vmUuid, Function.identity(), (first, second) -> first));
    }
}
