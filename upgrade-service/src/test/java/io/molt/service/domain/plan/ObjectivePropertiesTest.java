package io.molt.service.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.PreparedCloud;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * The campaign objective (ADR 0009) on generated clouds, as generated and as the docs prepare them:
 * <ul>
 *   <li>no VM over its limit: its own or the campaign's never; the 30 s default only where the plan says
 *       that no action of the VM fits it;</li>
 *   <li>{@code balanced} against evacuate-all on the same waves: never more data per VM, never a longer
 *       host step, unless the plan names the VM and why (a second step; a VM that cannot be live-migrated,
 *       kept in place where evacuate-all would restart it; a migration with no room);</li>
 *   <li>bad input refused naming the key, a limit below every action infeasible naming the VM.</li>
 * </ul>
 */
class ObjectivePropertiesTest {

    private static final double EPSILON = 1e-6;

    @Property(tries = 200)
    void noVmIsOverItsLimitUnlessThePlanSaysNothingFitsTheDefault(@ForAll("clouds") CloudSnapshot cloud,
            @ForAll UpgradeTarget target, @ForAll("options") CampaignOptions options) {
        PlanOutcome outcome = new UpgradePlanner().plan(cloud, target, options);
        Assume.that(outcome instanceof PlanOutcome.Planned);
        Plan plan = ((PlanOutcome.Planned) outcome).plan();
        Map<String, Vm> vms = byUuid(cloud);
        for (Map.Entry<String, List<VmStep>> entry : steps(plan).entrySet()) {
            Vm vm = vms.get(entry.getKey());
            double downtimeMs = entry.getValue().stream().mapToDouble(VmStep::downtimeSeconds).sum() * 1000;
            Long hard = vm.maxDowntimeMs();
            if (options.maxVmDowntimeMs() != null) {
                hard = hard == null ? options.maxVmDowntimeMs() : Math.min(hard, options.maxVmDowntimeMs());
            }
            if (hard != null && entry.getValue().size() == 1) {
                assertThat(downtimeMs).as(vm.uuid() + " own/campaign limit").isLessThanOrEqualTo(hard + EPSILON);
            }
            if (vm.maxDowntimeMs() == null && options.defaultVmDowntimeMs() != null
                    && downtimeMs > options.defaultVmDowntimeMs() + EPSILON) {
                List<String> notes = entry.getValue().stream().flatMap(step -> step.reason().notes().stream()).toList();
                assertThat(notes).as(vm.uuid() + " over the default limit: " + entry.getValue().get(0).reason().text())
                        .anyMatch(note -> note.startsWith("every allowed action exceeds the campaign's default limit")
                                || note.startsWith(VmWork.OVER_DEFAULT_NOTE)
                                || entry.getValue().size() > 1);
                Statistics.label("over the default").collect("said");
            }
        }
    }

    @Property(tries = 300)
    void balancedNeverMovesMoreNorTakesLongerThanEvacuateAllUnlessThePlanSaysWhy(
            @ForAll("clouds") CloudSnapshot cloud, @ForAll UpgradeTarget target,
            @ForAll("options") CampaignOptions any) {
        CampaignOptions options = any.toBuilder().strategy(Strategy.BALANCED).build();
        PlanOutcome outcome = new UpgradePlanner().plan(cloud, target, options);
        Assume.that(outcome instanceof PlanOutcome.Planned);
        Plan plan = ((PlanOutcome.Planned) outcome).plan();
        EvacuationRules evacuation = new EvacuationRules(cloud, target, options);
        Map<String, List<VmStep>> steps = steps(plan);
        for (Map.Entry<String, List<VmStep>> entry : steps.entrySet()) {
            double moltMib = entry.getValue().stream().mapToDouble(VmStep::movedMib).sum();
            double above = moltMib - evacuation.movedMib(entry.getKey());
            if (above > EPSILON) {
                assertThat(entry.getValue()).as(entry.getKey() + " moves more than in evacuate-all: "
                        + entry.getValue().get(0).reason().text()).hasSizeGreaterThan(1);
                Statistics.label("more data").collect("second step");
            }
        }
        Map<String, Vm> vms = byUuid(cloud);
        boolean anyExplained = false;
        for (Wave wave : plan.waves()) {
            for (HostStep host : wave.hosts()) {
                double excess = host.durationSeconds() - evacuation.hostSeconds(host.host());
                if (excess <= EPSILON) {
                    continue;
                }
                double explained = 0;
                for (VmStep step : host.vms()) {
                    Vm vm = vms.get(step.vmUuid());
                    boolean secondStep = !vm.host().equals(host.host());
                    boolean cannotMove = step.reason().notes().stream().anyMatch(note ->
                            note.startsWith("no live migration") || note.startsWith("owner's policy preserve"))
                            || !evacuation.migrates(vm.uuid());
                    if ((secondStep || cannotMove) && step.action() != Action.LIVE_MIGRATE) {
                        explained += busy(step, options);
                    } else if (secondStep && evacuation.costs.migration(vm)
                            instanceof MigrationEstimate.Converges converges) {
                        explained += evacuation.costs.liveMigrate(converges).busySeconds()
                                / options.maxMigrationsPerHost();
                    }
                }
                assertThat(excess).as(host.host() + " takes longer than its evacuation, unexplained")
                        .isLessThanOrEqualTo(explained + 1e-3);
                anyExplained = true;
                Statistics.label("longer host step").collect("named");
            }
        }
        Set<String> planned = new java.util.HashSet<>();
        plan.waves().forEach(wave -> wave.hosts().forEach(host -> planned.add(host.host())));
        if (!anyExplained && steps.values().stream().allMatch(list -> list.size() == 1)
                && evacuation.sameAsRolled(plan.evacuateAll(), cloud, planned)) {
            assertThat(plan.totals().makespanSeconds()).isLessThanOrEqualTo(plan.evacuateAll().makespanSeconds()
                    + 1e-3);
            assertThat(plan.totals().movedGib()).isLessThanOrEqualTo(plan.evacuateAll().movedGib() + 1e-6);
        }
    }

    @Property(tries = 100)
    void aLimitBelowEveryActionOfAVmMakesThePlanInfeasibleNamingTheVm(@ForAll("clouds") CloudSnapshot cloud,
            @ForAll UpgradeTarget target, @ForAll("options") CampaignOptions options, @ForAll @IntRange(min = 0,
                    max = 10_000) int pick) {
        List<Vm> candidates = cloud.vms().stream().filter(vm -> vm.state().running() && vm.policy() != VmPolicy.TERMINATE)
                .toList();
        Assume.that(!candidates.isEmpty());
        Vm chosen = candidates.get(pick % candidates.size());
        List<Vm> vms = new ArrayList<>();
        for (Vm vm : cloud.vms()) {
            vms.add(vm != chosen ? vm : new Vm(vm.uuid(), vm.name(), vm.projectId(), vm.host(), vm.flavor(), vm.state(),
                    vm.volumeBacked(), vm.specialDevices(), vm.policy(), 1L, vm.serverGroupId(),
                    vm.dirtyRateMibPerSec()));
        }
        CloudSnapshot limited = new CloudSnapshot(cloud.takenAt(), cloud.hosts(), vms, cloud.serverGroups());
        PlanOutcome outcome = new UpgradePlanner().plan(limited, target,
                options.toBuilder().hosts(java.util.Set.of(chosen.host())).upgradedHosts(java.util.Set.of())
                        .firstHosts(List.of()).build());
        Assume.that(cloud.hosts().stream().anyMatch(host -> host.name().equals(chosen.host()) && host.up()));
        assertThat(outcome).isInstanceOf(PlanOutcome.Infeasible.class);
        assertThat(((PlanOutcome.Infeasible) outcome).violations())
                .anyMatch(violation -> chosen.uuid().equals(violation.vmUuid()));
    }

    @Property(tries = 50)
    void negativeWeightsAreRefusedNamingTheKey(@ForAll @DoubleRange(min = -1e9, max = -0.01) double weight,
            @ForAll @IntRange(min = 0, max = 2) int which) {
        String[] keys = {"weights.per_gib_moved", "weights.per_makespan_second", "weights.per_downtime_second"};
        Double[] values = new Double[3];
        values[which] = weight;
        assertThatThrownBy(() -> new ObjectiveWeights(values[0], values[1], values[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(keys[which]);
    }

    @Property(tries = 50)
    void anUnknownStrategyIsRefusedNamingTheKey(@ForAll("words") String name) {
        Assume.that(java.util.Arrays.stream(Strategy.values()).noneMatch(s -> s.key().equals(name)));
        assertThatThrownBy(() -> Strategy.parse(name)).hasMessageStartingWith("strategy: unknown strategy");
    }

    /** At most the host seconds a staying VM's action adds to its host's step in Molt's plan. */
    private static double busy(VmStep step, CampaignOptions options) {
        CostParameters cost = options.cost();
        return switch (step.action()) {
            case PRESERVE -> cost.preserveSeconds();
            case SUSPEND_TO_DISK -> step.downtimeSeconds(); // its save and restore are part of its downtime
            case COLD_RESTART -> cost.guestShutdownSeconds() + cost.guestBootSeconds();
            default -> 0;
        };
    }

    private static Map<String, Vm> byUuid(CloudSnapshot cloud) {
        return cloud.vms().stream().collect(Collectors.toMap(Vm::uuid, Function.identity()));
    }

    private static Map<String, List<VmStep>> steps(Plan plan) {
        Map<String, List<VmStep>> steps = new HashMap<>();
        plan.waves().forEach(wave -> wave.hosts().forEach(host -> host.vms().forEach(step ->
                steps.computeIfAbsent(step.vmUuid(), uuid -> new ArrayList<>()).add(step))));
        return steps;
    }

    @Provide
    Arbitrary<CloudSnapshot> clouds() {
        Arbitrary<Double> legacy = Arbitraries.doubles().between(0, 1);
        return net.jqwik.api.Combinators.combine(new PlanPropertiesTest().clouds(), legacy, Arbitraries.of(true, false))
                .as((spec, share, prepared) -> {
                    CloudSnapshot cloud = SyntheticCloud.generate(spec);
                    return prepared ? PreparedCloud.prepare(cloud, share, spec.seed()) : cloud;
                });
    }

    @Provide
    Arbitrary<CampaignOptions> options() {
        return new PlanPropertiesTest().options();
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('-', '_', ' ').ofMinLength(0).ofMaxLength(20);
    }
}
