package io.molt.service.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.HostCapabilities;
import io.molt.service.domain.cloud.MeasuredKexec;
import io.molt.service.domain.cloud.ServerGroup.GroupPolicy;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import io.molt.service.domain.cloud.VmPolicy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Scenarios with hand-made clouds: each rule of DESIGN.md section 5 on its own. */
class UpgradePlannerTest {

    private final UpgradePlanner planner = new UpgradePlanner();

    @Test
    void preservesInPlaceWhenItIsWithinTheSlackOfAMigration() {
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PRESERVING).host("b", TestCloud.PRESERVING)
                .vm("vm-1", "a", 4096, VmPolicy.ANY).snapshot();
        CampaignOptions leastDowntime = CampaignOptions.builder().strategy(Strategy.LEAST_DOWNTIME).build();
        VmStep step = steps(plan(cloud, UpgradeTarget.USERSPACE, leastDowntime)).get("vm-1");
        assertThat(step.action()).isEqualTo(Action.PRESERVE);
        assertThat(step.reason().rule()).isEqualTo(Reason.Rule.LESS_DATA_WITHIN_SLACK);
        assertThat(step.reason().text()).contains("moves less data than the faster live migration");

        VmStep noSlack = steps(plan(cloud, UpgradeTarget.USERSPACE, leastDowntime.toBuilder().downtimeSlackMs(0).build()))
                .get("vm-1");
        assertThat(noSlack.action()).isEqualTo(Action.LIVE_MIGRATE);
        assertThat(noSlack.destination()).isEqualTo("b");
    }

    @Test
    void guestsThatStayWaitForEachOtherBecauseTheAgentTakesThemDownAndBackOneAtATime() {
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PRESERVING)
                .vm("vm-1", "a", 4096, VmPolicy.PRESERVE).vm("vm-2", "a", 4096, VmPolicy.PRESERVE).snapshot();
        Plan plan = plan(cloud, UpgradeTarget.USERSPACE, CampaignOptions.defaults());
        double preserve = CostParameters.DEFAULTS.preserveSeconds();

        // vm-1 waits for vm-2's take-down, vm-2 for vm-1's restore: half a preservation each
        assertThat(steps(plan).values()).allSatisfy(step -> {
            assertThat(step.action()).isEqualTo(Action.PRESERVE);
            assertThat(step.downtimeSeconds()).isCloseTo(preserve * 1.5, offset(1e-9));
            assertThat(step.reason().notes()).anyMatch(note -> note.startsWith("waits 0.6 s more for the host's"));
        });
        assertThat(plan.totals().totalDowntimeSeconds()).isCloseTo(preserve * 3, offset(1e-9));
    }

    @Test
    void anAgentThatTakesGuestsDownFourAtATimeCutsTheirWaits() {
        HostCapabilities fourAtOnce = new HostCapabilities(true, true, 32768, true, "7.2", "9.0", 0, 4);
        TestCloud cloud = new TestCloud().host("a", fourAtOnce);
        for (int i = 0; i < 8; i++) {
            cloud.vm("vm-" + i, "a", 2048, VmPolicy.PRESERVE);
        }
        Map<String, VmStep> steps = steps(plan(cloud.snapshot(), UpgradeTarget.USERSPACE, CampaignOptions.defaults()));
        double half = CostParameters.DEFAULTS.preserveSeconds() / 2;

        // two rounds of four: the first four wait for the second round's take-down, the last four for the
        // first round's return
        assertThat(steps.values()).allSatisfy(step -> {
            assertThat(step.downtimeSeconds()).isCloseTo(2 * half + half, offset(1e-9));
            assertThat(step.reason().notes()).anyMatch(note -> note.endsWith("brings them back 4 at a time"));
        });
    }

    @Test
    void aGuestWhoseWaitForItsNeighboursWouldBreakItsDowntimeLimitMigratesInstead() {
        TestCloud cloud = new TestCloud().host("a", TestCloud.PRESERVING).host("b", TestCloud.PLAIN);
        for (int i = 0; i < 5; i++) {
            cloud.vm("stays-" + i, "a", 2048, VmPolicy.PRESERVE);
        }
        cloud.limited("tight", "a", 2048, 3000);
        for (int i = 5; i < 10; i++) {
            cloud.vm("stays-" + i, "a", 2048, VmPolicy.PRESERVE);
        }
        Plan plan = plan(cloud.snapshot(), UpgradeTarget.USERSPACE, CampaignOptions.builder().hosts(Set.of("a")).build());

        VmStep tight = steps(plan).get("tight");
        assertThat(tight.action()).isEqualTo(Action.LIVE_MIGRATE);
        assertThat(tight.destination()).isEqualTo("b");
        assertThat(tight.downtimeSeconds()).isLessThan(3.0);
        assertThat(tight.reason().notes()).anyMatch(note -> note.startsWith("no preservation: ")
                && note.endsWith(" ms with the waits for the host's other guests exceeds the limit of 3000 ms"));
        assertThat(steps(plan).get("stays-0").action()).isEqualTo(Action.PRESERVE);
    }

    @Test
    void theAgentTakesTheGuestWithTheTightLimitFirstSoThatItsWaitKeepsItWithin() {
        // one lane, a kernel upgrade: "a-big" fits no preserved region and has no device-free move (cold restart:
        // 10 s shutdown, 30 s boot), "b-tight" preserves (8.85 s) under a 20 s limit. In uuid order b-tight
        // would wait for a-big's 30 s boot (38.85 s, over its limit, so it lost its preservation); first, it
        // waits for a-big's 10 s shutdown only.
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PRESERVING)
                .vm("a-big", "a", 40960, VmPolicy.PRESERVE).limited("b-tight", "a", 2048, 20_000).snapshot();
        Plan plan = plan(cloud, UpgradeTarget.KERNEL, CampaignOptions.defaults());

        HostStep host = plan.waves().get(0).hosts().get(0);
        assertThat(host.vms()).extracting(VmStep::vmUuid).containsExactly("b-tight", "a-big");
        VmStep tight = host.vms().get(0);
        assertThat(tight.action()).isEqualTo(Action.PRESERVE);
        assertThat(tight.downtimeSeconds()).isCloseTo(18.85, offset(1e-9));
        assertThat(host.vms().get(1).action()).isEqualTo(Action.COLD_RESTART);
        // the host's step as the agent works: take-downs 10.625 s, install 60, kexec 7.6, returns 30.625, verify 10
        assertThat(host.durationSeconds()).isCloseTo(10.625 + 60 + 7.6 + 30.625 + 10, offset(1e-9));
    }

    @Test
    void aHostsMeasuredKexecReplacesTheDefaultInItsPlanAndTheReasonSaysSo() {
        HostCapabilities measured = TestCloud.PRESERVING.withMeasuredKexec(new MeasuredKexec(20, 2.0, 3));
        CloudSnapshot cloud = new TestCloud().host("a", measured).host("b", TestCloud.PRESERVING)
                .vm("on-a", "a", 2048, VmPolicy.PRESERVE).vm("on-b", "b", 2048, VmPolicy.PRESERVE).snapshot();

        Plan plan = plan(cloud, UpgradeTarget.KERNEL, CampaignOptions.defaults());

        VmStep onA = steps(plan).get("on-a");
        assertThat(onA.action()).isEqualTo(Action.PRESERVE);
        assertThat(onA.downtimeSeconds()).isCloseTo(0.625 + 20 + 2, offset(1e-9));
        assertThat(onA.reason().text()).contains("kexec 20.0 s, a guest's restore 2.0 s: measured on this host "
                + "(median of its last 3 kernel upgrades)");
        assertThat(steps(plan).get("on-b").downtimeSeconds()).isCloseTo(8.85, offset(1e-9));
        assertThat(steps(plan).get("on-b").reason().text()).doesNotContain("measured on this host");
        HostStep a = plan.waves().stream().flatMap(w -> w.hosts().stream()).filter(h -> h.host().equals("a"))
                .findFirst().orElseThrow();
        // take-down 0.625, install 60, kexec 20, return 2, verify 10
        assertThat(a.durationSeconds()).isCloseTo(0.625 + 60 + 20 + 2 + 10, offset(1e-9));
    }

    @Test
    void aKernelUpgradeMigratesWhatConvergesAndPreservesWhatDoesNot() {
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PRESERVING).host("b", TestCloud.PLAIN)
                .vm("calm", "a", 4096, VmPolicy.ANY, 10.0, null).vm("hot", "a", 4096, VmPolicy.ANY, 2000.0, null)
                .snapshot();
        Plan plan = plan(cloud, UpgradeTarget.KERNEL, CampaignOptions.builder().hosts(Set.of("a"))
                .strategy(Strategy.LEAST_DOWNTIME).build());
        assertThat(steps(plan).get("calm").action()).isEqualTo(Action.LIVE_MIGRATE);
        assertThat(steps(plan).get("hot").action()).isEqualTo(Action.PRESERVE);
        assertThat(steps(plan).get("hot").reason().text()).contains("does not converge");
    }

    @Test
    void preservedMemoryGoesWhereItSavesMostPerMib() {
        // 32 GiB region; two VMs that may not migrate: 16 GiB (next best: suspend, 45.0 s) and 24 GiB (next best:
        // cold restart, 47.6 s). Preserving (8.85 s) saves 2.2 ms per MiB for the first, 1.6 for the second.
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PRESERVING)
                .vm("small", "a", 16384, VmPolicy.PRESERVE).vm("large", "a", 24576, VmPolicy.PRESERVE).snapshot();
        Map<String, VmStep> steps = steps(plan(cloud, UpgradeTarget.KERNEL, CampaignOptions.defaults()));
        assertThat(steps.get("small").action()).isEqualTo(Action.PRESERVE);
        assertThat(steps.get("large").action()).isEqualTo(Action.COLD_RESTART);
        assertThat(steps.get("large").reason().text()).contains("preserved memory is taken");
    }

    @Test
    void destinationsPreferUpgradedHostsSoAVmMovesOnce() {
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PLAIN).host("b", TestCloud.PLAIN)
                .host("c", TestCloud.PLAIN).vm("vm-a", "a", 8192, VmPolicy.MIGRATE)
                .vm("vm-c", "c", 8192, VmPolicy.MIGRATE).snapshot();
        CampaignOptions replan = CampaignOptions.builder().upgradedHosts(Set.of("c")).build();
        Plan plan = plan(cloud, UpgradeTarget.KERNEL, replan);
        assertThat(plan.waves()).flatExtracting(Wave::hosts).extracting(HostStep::host).containsOnly("a", "b");
        // b has nothing to move, so it goes first and is upgraded too by a's turn: either is a move once
        assertThat(steps(plan).get("vm-a").destination()).isIn("b", "c");
        assertThat(plan.totals().vmsMovedTwice()).isZero();
    }

    @Test
    void withoutRoomOnUpgradedHostsAVmMovesTwiceAndTheReasonSaysSo() {
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PLAIN).host("b", TestCloud.PLAIN)
                .vm("vm-a", "a", 8192, VmPolicy.MIGRATE).vm("vm-b", "b", 8192, VmPolicy.MIGRATE).snapshot();
        Plan plan = plan(cloud, UpgradeTarget.KERNEL, CampaignOptions.defaults());
        List<VmStep> all = plan.waves().stream().flatMap(w -> w.hosts().stream()).flatMap(h -> h.vms().stream()).toList();
        assertThat(all).filteredOn(step -> step.vmUuid().equals("vm-a")).hasSize(2);
        assertThat(plan.totals().vmsMovedTwice()).isEqualTo(1);
        assertThat(all.get(0).reason().text()).contains("is upgraded later");
    }

    @Test
    void theEvacuationBaselineRestartsAVmItsOwnerKeepsOnItsHost() {
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PLAIN).host("b", TestCloud.PLAIN)
                .vm("stays", "a", 4096, VmPolicy.PRESERVE).vm("moves", "a", 4096, VmPolicy.ANY).snapshot();
        Plan plan = plan(cloud, UpgradeTarget.KERNEL, CampaignOptions.builder().hosts(Set.of("a")).build());
        assertThat(plan.evacuateAll().actions()).containsEntry(Action.COLD_RESTART, 1)
                .containsEntry(Action.LIVE_MIGRATE, 1);
        assertThat(plan.totals().totalDowntimeSeconds()).isLessThan(plan.evacuateAll().totalDowntimeSeconds());
    }

    @Test
    void theEvacuationBaselineMigratesNothingInACampaignThatAllowsNoMigration() {
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PLAIN).host("b", TestCloud.PLAIN)
                .vm("vm-1", "a", 4096, VmPolicy.ANY).snapshot();
        Plan plan = plan(cloud, UpgradeTarget.KERNEL, CampaignOptions.builder().hosts(Set.of("a"))
                .allowedActions(Set.of(Action.COLD_RESTART, Action.SUSPEND_TO_DISK)).build());
        assertThat(plan.evacuateAll().actions()).containsEntry(Action.COLD_RESTART, 1)
                .containsEntry(Action.LIVE_MIGRATE, 0);
    }

    @Test
    void aVmThatIsNotRunningIsCountedApartFromColdRestarts() {
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PLAIN).host("b", TestCloud.PLAIN)
                .vm("on", "a", 4096, VmPolicy.PRESERVE).stopped("off", "a", 4096).snapshot();
        Plan plan = plan(cloud, UpgradeTarget.FULL_REBOOT, CampaignOptions.builder().hosts(Set.of("a")).build());
        VmStep off = steps(plan).get("off");
        assertThat(off.action()).isEqualTo(Action.COLD_RESTART);
        assertThat(off.downtimeSeconds()).isZero();
        assertThat(off.reason().text()).startsWith("not running");
        for (PlanTotals totals : List.of(plan.totals(), plan.evacuateAll(), plan.coldRestartAll())) {
            assertThat(totals.vmsNotRunning()).isEqualTo(1);
            assertThat(totals.actions().values().stream().mapToInt(Integer::intValue).sum()).as("steps of running VMs")
                    .isEqualTo(1);
        }
    }

    @Test
    void antiAffinityMembersNeverGoDownInTheSameWave() {
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PLAIN).host("b", TestCloud.PLAIN)
                .host("c", TestCloud.PLAIN)
                .vm("m1", "a", 4096, VmPolicy.PRESERVE, 16.0, "g").vm("m2", "b", 4096, VmPolicy.PRESERVE, 16.0, "g")
                .group("g", GroupPolicy.ANTI_AFFINITY, "m1", "m2").snapshot();
        Plan plan = plan(cloud, UpgradeTarget.KERNEL, CampaignOptions.builder().maxHostsDown(3, 3, 3).build());
        assertThat(plan.waves()).hasSize(2);
        assertThat(plan.waves().get(0).hosts()).extracting(HostStep::host).containsExactly("a", "c");
        assertThat(plan.waves().get(1).hosts()).extracting(HostStep::host).containsExactly("b");
    }

    @Test
    void theEvacuateAllBaselineIsARollingEvacuationInsideTheSameCloud() {
        // the dev cloud's shape: 4 hosts of 3 servers, all upgraded one at a time. The first host's servers can
        // only go to hosts upgraded later, and move again from there: any rolling evacuation needs 15 moves
        TestCloud devCloud = new TestCloud();
        for (String host : List.of("a", "b", "c", "d")) {
            devCloud.host(host, TestCloud.PLAIN);
        }
        for (String host : List.of("a", "b", "c", "d")) {
            for (int i = 0; i < 3; i++) {
                devCloud.vm(host + "-" + i, host, 2048, VmPolicy.ANY);
            }
        }
        Plan plan = plan(devCloud.snapshot(), UpgradeTarget.KERNEL, CampaignOptions.builder().maxHostsDown(1, 1, 1)
                .build());

        PlanTotals evacuation = plan.evacuateAll();
        assertThat(evacuation.actions()).containsEntry(Action.LIVE_MIGRATE, 15);
        assertThat(evacuation.vmsMovedTwice()).isEqualTo(3);
        assertThat(evacuation.movedGib()).as("each move sends at least the RAM").isGreaterThanOrEqualTo(15 * 2.0);
    }

    @Test
    void aHostsDownLimitIsACeilingAHostThatWouldTakeTheRoomOfItsWavesMigrationsWaits() {
        // three hosts of 94.5 GiB allocatable, 40 GiB each of VMs that would rather live-migrate (no preserved
        // memory for a kernel upgrade): two down at once leave 54.5 GiB for 80 GiB of moves
        TestCloud small = new TestCloud().host("a", TestCloud.PLAIN).host("b", TestCloud.PLAIN).host("c", TestCloud.PLAIN);
        for (String host : List.of("a", "b", "c")) {
            for (int i = 0; i < 4; i++) {
                small.vm(host + "-" + i, host, 10240, VmPolicy.ANY);
            }
        }
        CloudSnapshot cloud = small.snapshot();
        Plan oneDown = plan(cloud, UpgradeTarget.KERNEL, CampaignOptions.builder().maxHostsDown(1, 1, 1).build());
        Plan threeDown = plan(cloud, UpgradeTarget.KERNEL, CampaignOptions.builder().maxHostsDown(3, 3, 3).build());

        assertThat(steps(oneDown).values()).extracting(VmStep::action).containsOnly(Action.LIVE_MIGRATE);
        assertThat(steps(threeDown).values()).extracting(VmStep::action).containsOnly(Action.LIVE_MIGRATE);
        assertThat(threeDown.waves()).allSatisfy(wave -> assertThat(wave.hosts()).hasSize(1));
    }

    @Test
    void twoAntiAffineMembersOnOneHostAreNotBothKeptDownWhenOneCanMoveAway() {
        // m1 and m2 share host a (Nova put them there before the group, or by force); b and c are empty.
        // Each would rather stay (preserved, or deleted as its owner allows), but one of them must stay up.
        for (VmPolicy policy : List.of(VmPolicy.ANY, VmPolicy.TERMINATE)) {
            for (UpgradeTarget target : List.of(UpgradeTarget.USERSPACE, UpgradeTarget.KERNEL)) {
                CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PRESERVING).host("b", TestCloud.PRESERVING)
                        .host("c", TestCloud.PRESERVING)
                        .vm("m1", "a", 4096, policy, 16.0, "g").vm("m2", "a", 4096, policy, 16.0, "g")
                        .group("g", GroupPolicy.ANTI_AFFINITY, "m1", "m2").snapshot();
                Map<String, VmStep> steps = steps(plan(cloud, target, CampaignOptions.defaults()));
                String which = policy + " " + target;
                assertThat(steps.values()).as(which).filteredOn(step -> step.action() == Action.LIVE_MIGRATE)
                        .hasSize(1).allSatisfy(step -> assertThat(step.reason().notes()).as(which).anyMatch(
                                note -> note.contains("anti-affinity group g") && note.contains("stays up")));
                assertThat(steps.values()).as(which).filteredOn(step -> step.action() != Action.LIVE_MIGRATE)
                        .hasSize(1);
            }
        }
    }

    @Test
    void twoAntiAffineMembersOnOneHostThatMayNotMoveAreInfeasibleForThatReason() {
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PRESERVING).host("b", TestCloud.PRESERVING)
                .vm("m1", "a", 4096, VmPolicy.PRESERVE, 16.0, "g").vm("m2", "a", 4096, VmPolicy.ANY, 16.0, "g")
                .vm("m3", "a", 4096, VmPolicy.PRESERVE, 16.0, "g")
                .group("g", GroupPolicy.ANTI_AFFINITY, "m1", "m2", "m3").snapshot();
        PlanOutcome outcome = planner.plan(cloud, UpgradeTarget.USERSPACE, CampaignOptions.defaults());
        assertThat(outcome).isInstanceOf(PlanOutcome.Infeasible.class);
        assertThat(((PlanOutcome.Infeasible) outcome).violations()).singleElement().satisfies(violation -> {
            assertThat(violation.constraint()).isEqualTo("anti-affinity");
            assertThat(violation.detail()).contains("m1").contains("m3").contains("neither can be live-migrated away");
        });
    }

    @Test
    void aReplanStartingWithTheNextHostChoosesItsMovesAgainstTheCloudAsItIsNow() {
        // m1 on a and m2 on b are anti-affine. By demand, a goes first and m1 leaves it, so b's m2 may then go
        // to the upgraded a. When b is the host about to start, m1 is still on a: m2 must go elsewhere.
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PLAIN).host("b", TestCloud.PLAIN)
                .host("c", TestCloud.PLAIN)
                .vm("m1", "a", 4096, VmPolicy.MIGRATE, 16.0, "g").vm("m2", "b", 4096, VmPolicy.MIGRATE, 16.0, "g")
                .vm("x", "b", 4096, VmPolicy.MIGRATE).group("g", GroupPolicy.ANTI_AFFINITY, "m1", "m2").snapshot();
        CampaignOptions replan = CampaignOptions.builder().hosts(Set.of("a", "b")).build();

        Plan byDemand = plan(cloud, UpgradeTarget.KERNEL, replan);
        assertThat(byDemand.waves().get(0).hosts()).extracting(HostStep::host).containsExactly("a");
        assertThat(steps(byDemand).get("m2").destination()).isEqualTo("a");

        Plan startingWithB = plan(cloud, UpgradeTarget.KERNEL, replan.toBuilder().firstHosts(List.of("b")).build());
        assertThat(startingWithB.waves().get(0).hosts()).extracting(HostStep::host).containsExactly("b");
        assertThat(steps(startingWithB).get("m2").destination()).isEqualTo("c");
    }

    @Test
    void anAffinityGroupMovesTogetherToOneHost() {
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PLAIN).host("b", TestCloud.PLAIN)
                .host("c", TestCloud.PLAIN).vm("m1", "a", 4096, VmPolicy.ANY, 16.0, "g")
                .vm("m2", "a", 4096, VmPolicy.ANY, 16.0, "g").group("g", GroupPolicy.AFFINITY, "m1", "m2").snapshot();
        Map<String, VmStep> steps = steps(plan(cloud, UpgradeTarget.KERNEL,
                CampaignOptions.builder().hosts(Set.of("a")).build()));
        assertThat(steps.get("m1").action()).isEqualTo(Action.LIVE_MIGRATE);
        assertThat(steps.get("m1").destination()).isEqualTo(steps.get("m2").destination());
    }

    @Test
    void anAffinityGroupMemberThatWouldRatherStayMovesWithItsGroup() {
        // With a 10 s slack, "small" would rather be preserved (8.85 s, no data sent) than migrated; "large" does
        // not fit the 32 GiB preserved region and would be restarted if the group stayed.
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PRESERVING).host("b", TestCloud.PLAIN)
                .vm("small", "a", 4096, VmPolicy.ANY, 16.0, "g").vm("large", "a", 40960, VmPolicy.ANY, 16.0, "g")
                .group("g", GroupPolicy.AFFINITY, "small", "large").snapshot();
        Map<String, VmStep> steps = steps(plan(cloud, UpgradeTarget.KERNEL,
                CampaignOptions.builder().hosts(Set.of("a")).downtimeSlackMs(10_000).build()));
        assertThat(steps.get("large").action()).isEqualTo(Action.LIVE_MIGRATE);
        assertThat(steps.get("small").action()).isEqualTo(Action.LIVE_MIGRATE);
        assertThat(steps.get("small").destination()).isEqualTo("b");
        assertThat(steps.get("small").reason().text()).contains("moves with its affinity group");
    }

    @Test
    void anAffinityGroupMemberToBeDeletedDoesNotHoldTheOthersBack() {
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PLAIN).host("b", TestCloud.PLAIN)
                .vm("kept", "a", 4096, VmPolicy.ANY, 16.0, "g").vm("spare", "a", 4096, VmPolicy.TERMINATE, 16.0, "g")
                .group("g", GroupPolicy.AFFINITY, "kept", "spare").snapshot();
        Map<String, VmStep> steps = steps(plan(cloud, UpgradeTarget.KERNEL,
                CampaignOptions.builder().hosts(Set.of("a")).build()));
        assertThat(steps.get("spare").action()).isEqualTo(Action.TERMINATE);
        assertThat(steps.get("kept").action()).isEqualTo(Action.LIVE_MIGRATE);
    }

    @Test
    void aMigrateOnlyVmWithoutRoomMakesThePlanInfeasibleNamingHostAndConstraint() {
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PLAIN).host("b", TestCloud.PLAIN)
                .vm("big", "a", 60000, VmPolicy.MIGRATE).vm("filler", "b", 60000, VmPolicy.ANY).snapshot();
        PlanOutcome outcome = planner.plan(cloud, UpgradeTarget.KERNEL, CampaignOptions.builder().hosts(Set.of("a")).build());
        assertThat(outcome).isInstanceOf(PlanOutcome.Infeasible.class);
        Violation violation = ((PlanOutcome.Infeasible) outcome).violations().get(0);
        assertThat(violation.host()).isEqualTo("a");
        assertThat(violation.vmUuid()).isEqualTo("big");
        assertThat(violation.constraint()).isEqualTo("capacity");
        assertThat(violation.describe()).contains("no host in az-1 has room");
    }

    @Test
    void aMaxDowntimeNoActionCanMeetIsReported() {
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PLAIN).snapshot();
        cloud = new CloudSnapshot(cloud.takenAt(), cloud.hosts(), List.of(new io.molt.service.domain.cloud.Vm("v", "v",
                "p", "a", new io.molt.service.domain.cloud.Resources(1, 1024, 0), io.molt.service.domain.cloud.VmState.ACTIVE,
                true, false, VmPolicy.PRESERVE, 5000L, null, null)), List.of());
        PlanOutcome outcome = planner.plan(cloud, UpgradeTarget.FULL_REBOOT, CampaignOptions.defaults());
        assertThat(((PlanOutcome.Infeasible) outcome).violations()).singleElement()
                .satisfies(v -> assertThat(v.constraint()).isEqualTo("max-downtime"));
    }

    @ParameterizedTest
    @EnumSource(UpgradeTarget.class)
    void theDefaultGeneratedCloudHasASafePlanThatBeatsBothBaselines(UpgradeTarget target) {
        CloudSnapshot cloud = SyntheticCloud.generate(SyntheticCloudSpec.of(200, 20, 7));
        CampaignOptions options = CampaignOptions.builder().maxHostsDown(4, 2, 1).build();
        PlanOutcome outcome = planner.plan(cloud, target, options);
        assertThat(outcome).isInstanceOf(PlanOutcome.Planned.class);
        Plan plan = ((PlanOutcome.Planned) outcome).plan();
        new PlanInvariants(cloud, target, options).check(plan);
        assertThat(plan.totals().totalDowntimeSeconds()).isLessThan(plan.coldRestartAll().totalDowntimeSeconds());
        assertThat(plan.totals().movedGib()).isLessThan(plan.evacuateAll().movedGib());
        assertThat(plan.skippedHosts()).allSatisfy(s -> assertThat(s.reason()).contains("down"));
    }

    @Test
    void unknownHostsInTheOptionsAreRefused() {
        CloudSnapshot cloud = new TestCloud().host("a", TestCloud.PLAIN).snapshot();
        assertThatThrownBy(() -> planner.plan(cloud, UpgradeTarget.KERNEL,
                CampaignOptions.builder().upgradedHosts(Set.of("nope")).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }

    private Plan plan(CloudSnapshot cloud, UpgradeTarget target, CampaignOptions options) {
        PlanOutcome outcome = planner.plan(cloud, target, options);
        assertThat(outcome).isInstanceOf(PlanOutcome.Planned.class);
        Plan plan = ((PlanOutcome.Planned) outcome).plan();
        new PlanInvariants(cloud, target, options).check(plan);
        return plan;
    }

    private static Map<String, VmStep> steps(Plan plan) {
        return plan.waves().stream().flatMap(w -> w.hosts().stream()).flatMap(h -> h.vms().stream())
                .collect(Collectors.toMap(VmStep::vmUuid, Function.identity(), (first, second) -> first));
    }
}
