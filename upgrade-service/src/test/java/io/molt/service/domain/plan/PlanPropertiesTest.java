package io.molt.service.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.Resources;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import java.util.EnumSet;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.statistics.Statistics;

/** Every plan over a generated cloud keeps the rules ({@link PlanInvariants}); an infeasible one says why. */
class PlanPropertiesTest {

    @Property(tries = 500)
    void everyPlanKeepsTheRules(@ForAll("clouds") SyntheticCloudSpec spec, @ForAll UpgradeTarget target,
            @ForAll("options") CampaignOptions options) {
        CloudSnapshot cloud = SyntheticCloud.generate(spec);
        PlanOutcome outcome = new UpgradePlanner().plan(cloud, target, options);
        Statistics.collect(outcome instanceof PlanOutcome.Planned ? "feasible" : "infeasible");
        if (outcome instanceof PlanOutcome.Planned planned) {
            new PlanInvariants(cloud, target, options).check(planned.plan());
        } else if (outcome instanceof PlanOutcome.Infeasible infeasible) {
            assertThat(infeasible.violations()).isNotEmpty().allSatisfy(violation -> {
                assertThat(cloud.hosts()).anyMatch(host -> host.name().equals(violation.host()));
                assertThat(violation.constraint()).isIn("vm-policy", "max-downtime", "capacity", "affinity",
                        "anti-affinity");
            });
        }
    }

    @Property(tries = 200)
    void hostsThatUnderstateTheirUseAreNotFilledPastTheirLimits(@ForAll("clouds") SyntheticCloudSpec spec,
            @ForAll UpgradeTarget target, @ForAll("options") CampaignOptions options,
            @ForAll @DoubleRange(min = 0, max = 1) double understatedShare) {
        CloudSnapshot cloud = understate(SyntheticCloud.generate(spec), understatedShare, spec.seed());
        PlanOutcome outcome = new UpgradePlanner().plan(cloud, target, options);
        if (outcome instanceof PlanOutcome.Planned planned) {
            new PlanInvariants(cloud, target, options).check(planned.plan());
        }
    }

    /** The cloud with a share of its hosts reporting no use at all, or half of it (a missing or stale used). */
    private static CloudSnapshot understate(CloudSnapshot cloud, double share, long seed) {
        java.util.Random random = new java.util.Random(seed);
        java.util.List<Host> hosts = cloud.hosts().stream().map(h -> random.nextDouble() >= share ? h
                : new Host(h.name(), h.availabilityZone(), h.aggregates(), h.capacity(), random.nextBoolean()
                        ? Resources.ZERO : new Resources(h.used().vcpus() / 2, h.used().ramMib() / 2, h.used().diskGib() / 2),
                        h.enabled(), h.up(), h.hypervisorVersion(), h.capabilities())).toList();
        return new CloudSnapshot(cloud.takenAt(), hosts, cloud.vms(), cloud.serverGroups());
    }

    @Property(tries = 300)
    void antiAffineMembersSharingAHostAreInfeasibleOnlyWhenNoneOfThemMayMove(@ForAll("clouds") SyntheticCloudSpec spec,
            @ForAll UpgradeTarget target, @ForAll("options") CampaignOptions options) {
        CloudSnapshot cloud = coLocate(SyntheticCloud.generate(spec));
        PlanOutcome outcome = new UpgradePlanner().plan(cloud, target, options);
        if (outcome instanceof PlanOutcome.Planned planned) {
            new PlanInvariants(cloud, target, options).check(planned.plan());
            Statistics.label("co-located").collect("planned");
        } else if (outcome instanceof PlanOutcome.Infeasible infeasible) {
            java.util.Map<String, io.molt.service.domain.cloud.Vm> vms = new java.util.HashMap<>();
            cloud.vms().forEach(vm -> vms.put(vm.uuid(), vm));
            for (Violation violation : infeasible.violations()) {
                if (!violation.constraint().equals("anti-affinity")) {
                    continue;
                }
                // both members named stay down: neither may live-migrate, or the one asked to could not
                VmStep step = stepOf(infeasible.draft(), violation.vmUuid());
                assertThat(step.action()).as(violation.describe()).isNotEqualTo(Action.LIVE_MIGRATE);
                io.molt.service.domain.cloud.Vm vm = vms.get(violation.vmUuid());
                boolean mayMove = PolicyRules.allows(vm.policy(), Action.LIVE_MIGRATE)
                        && options.allowedActions().contains(Action.LIVE_MIGRATE) && !vm.specialDevices();
                assertThat(!mayMove || step.reason().notes().stream().anyMatch(note -> note.startsWith("no live migration")))
                        .as(violation.describe() + ": it may move, yet nothing says why it does not: "
                                + step.reason().text()).isTrue();
                Statistics.label("co-located").collect("infeasible: anti-affinity");
            }
        }
    }

    /** The cloud with one member of each hard anti-affinity group moved onto the host of another (Nova's force). */
    private static CloudSnapshot coLocate(CloudSnapshot cloud) {
        java.util.Map<String, String> moved = new java.util.HashMap<>();
        for (io.molt.service.domain.cloud.ServerGroup group : cloud.serverGroups()) {
            if (group.policy() == io.molt.service.domain.cloud.ServerGroup.GroupPolicy.ANTI_AFFINITY
                    && group.memberUuids().size() >= 2) {
                String first = group.memberUuids().get(0);
                cloud.vms().stream().filter(vm -> vm.uuid().equals(first)).findFirst()
                        .ifPresent(vm -> moved.put(group.memberUuids().get(1), vm.host()));
            }
        }
        java.util.List<io.molt.service.domain.cloud.Vm> vms = cloud.vms().stream().map(vm -> !moved.containsKey(vm.uuid())
                ? vm : new io.molt.service.domain.cloud.Vm(vm.uuid(), vm.name(), vm.projectId(), moved.get(vm.uuid()),
                        vm.flavor(), vm.state(), vm.volumeBacked(), vm.specialDevices(), vm.policy(), vm.maxDowntimeMs(),
                        vm.serverGroupId(), vm.dirtyRateMibPerSec())).toList();
        return new CloudSnapshot(cloud.takenAt(), cloud.hosts(), vms, cloud.serverGroups());
    }

    private static VmStep stepOf(Plan plan, String uuid) {
        return plan.waves().stream().flatMap(w -> w.hosts().stream()).flatMap(h -> h.vms().stream())
                .filter(step -> step.vmUuid().equals(uuid)).reduce((first, last) -> last).orElseThrow();
    }

    @Property(tries = 40)
    void theSameInputGivesTheSamePlan(@ForAll("clouds") SyntheticCloudSpec spec, @ForAll UpgradeTarget target,
            @ForAll("options") CampaignOptions options) {
        CloudSnapshot cloud = SyntheticCloud.generate(spec);
        CloudSnapshot reversed = new CloudSnapshot(cloud.takenAt(), reverse(cloud.hosts()), reverse(cloud.vms()),
                reverse(cloud.serverGroups()));
        assertThat(new UpgradePlanner().plan(reversed, target, options))
                .isEqualTo(new UpgradePlanner().plan(cloud, target, options));
    }

    @Provide
    Arbitrary<SyntheticCloudSpec> clouds() {
        Arbitrary<int[]> sizes = Combinators.combine(Arbitraries.integers().between(2, 60),
                Arbitraries.integers().between(0, 25), Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 10)).as((hosts, vms, zones, rack) -> new int[] {hosts, vms, zones, rack});
        Arbitrary<double[]> shares = Combinators.combine(Arbitraries.doubles().between(0, 1),
                Arbitraries.doubles().between(0.3, 0.95), Arbitraries.doubles().between(0, 0.15),
                Arbitraries.doubles().between(0, 0.1), Arbitraries.doubles().between(0, 0.05))
                .as((preserving, fill, grouped, disabled, down) -> new double[] {preserving, fill, grouped, disabled, down});
        return Combinators.combine(sizes, shares, Arbitraries.longs()).as((size, share, seed) ->
                new SyntheticCloudSpec(size[0], size[1], seed, size[2], size[3], share[0], share[1], share[2], share[3],
                        share[4]));
    }

    @Provide
    Arbitrary<CampaignOptions> options() {
        Arbitrary<Set<Action>> allowed = Arbitraries.of(EnumSet.allOf(Action.class),
                EnumSet.complementOf(EnumSet.of(Action.SUSPEND_TO_DISK)), EnumSet.complementOf(EnumSet.of(Action.PRESERVE)),
                EnumSet.of(Action.LIVE_MIGRATE, Action.COLD_RESTART, Action.TERMINATE));
        return Combinators.combine(Arbitraries.integers().between(1, 8), Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(1, 3), Arbitraries.longs().between(0, 2000), allowed,
                Arbitraries.integers().between(1, 2), Arbitraries.of(Strategy.values()))
                .as((global, perAz, perAggregate, slack, actions, perHost, strategy) ->
                CampaignOptions.builder().maxHostsDown(global, perAz, perAggregate).downtimeSlackMs(slack)
                        .allowedActions(actions).maxMigrations(perHost, 0).strategy(strategy).build());
    }

    private static <T> java.util.List<T> reverse(java.util.List<T> list) {
        java.util.List<T> copy = new java.util.ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
