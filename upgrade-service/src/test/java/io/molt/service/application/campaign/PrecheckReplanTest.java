package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.HostState;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.HostCapabilities;
import io.molt.service.domain.cloud.Resources;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.HostStep;
import io.molt.service.domain.plan.Plan;
import io.molt.service.domain.plan.PlanOutcome;
import io.molt.service.domain.plan.UpgradePlanner;
import io.molt.service.domain.plan.UpgradeTarget;
import io.molt.service.domain.plan.Violation;
import io.molt.service.domain.plan.VmStep;
import io.molt.service.domain.plan.Wave;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The re-plan at each host's PRECHECK, replayed over a whole campaign without the engine: the hosts go in
 * the plan's order, each one's re-planned moves are applied to the cloud before the next host's precheck,
 * and the hosts of the same wave that started before it are in flight. Where the first plan was safe,
 * no precheck may find "no safe plan" (the demo of 8 hosts paused at compute-00001's PRECHECK).
 */
class PrecheckReplanTest {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private final UpgradePlanner planner = new UpgradePlanner();

    @ParameterizedTest
    @CsvSource({"8, 20, 1, 2", "8, 20, 2, 2", "12, 20, 3, 3", "20, 20, 1, 2", "40, 20, 1, 2", "40, 20, 2, 4"})
    void everyPrecheckOfASafePlanFindsASafeReplan(int hosts, int vmsPerHost, long seed, int maxDown) {
        CloudSnapshot cloud = withUsedFromVms(SyntheticCloud.generate(new SyntheticCloudSpec(hosts, vmsPerHost, seed,
                2, 10, 0.5, 0.75, 0.05, 0.0, 0.0)));
        CampaignOptions options = CampaignOptions.builder().maxHostsDown(maxDown, maxDown, maxDown).build();
        Set<String> names = Set.copyOf(cloud.hosts().stream().map(Host::name).toList());
        PlanOutcome first = planner.plan(cloud, UpgradeTarget.KERNEL, options.toBuilder().hosts(names).build());
        assertThat(first).isInstanceOf(PlanOutcome.Planned.class);
        Plan plan = ((PlanOutcome.Planned) first).plan();
        Campaign campaign = new Campaign("c", "c", CampaignState.RUNNING, null, UpgradeTarget.KERNEL, null,
                options.toBuilder().hosts(names).build(), new UpgradeSpec(List.of("/bin/true"), 60, null), "t",
                NOW, NOW, true, 0);
        List<CampaignHost> rows = new ArrayList<>(PlanRows.hosts("c", plan, NOW));
        for (Wave wave : plan.waves()) {
            for (HostStep planned : wave.hosts()) {
                CampaignHost host = rows.stream().filter(h -> h.host().equals(planned.host())).findFirst().orElseThrow();
                cloud = disabled(cloud, host.host(), campaign.disabledReason());
                PlanOutcome replan = planner.plan(Replan.snapshot(cloud, campaign), UpgradeTarget.KERNEL,
                        Replan.options(campaign, host, rows));
                List<String> violations = replan instanceof PlanOutcome.Infeasible infeasible
                        ? infeasible.violations().stream().map(Violation::describe).toList() : List.of();
                assertThat(violations).as("precheck of %s in wave %d", host.host(), wave.number()).isEmpty();
                HostStep step = ((PlanOutcome.Planned) replan).plan().waves().get(0).hosts().stream()
                        .filter(h -> h.host().equals(host.host())).findFirst().orElseThrow();
                Set<String> sameWave = Set.copyOf(wave.hosts().stream().map(HostStep::host).toList());
                assertThat(step.vms()).as("moves of %s in wave %d", host.host(), wave.number())
                        .noneMatch(v -> v.action() == Action.LIVE_MIGRATE && sameWave.contains(v.destination()));
                cloud = withUsedFromVms(apply(cloud, step));
                set(rows, host.host(), HostState.EVACUATED);
            }
            for (HostStep done : wave.hosts()) {
                set(rows, done.host(), HostState.DONE);
                cloud = disabled(cloud, done.host(), null);
            }
        }
    }

    private static void set(List<CampaignHost> rows, String host, HostState state) {
        rows.replaceAll(h -> !h.host().equals(host) ? h : new CampaignHost(h.campaignId(), h.host(), h.wave(),
                h.position(), state, null, 0, null, null, null, null, false, NOW, 0));
    }

    /** The cloud with a host's nova-compute disabled for this reason, or enabled when the reason is null. */
    private static CloudSnapshot disabled(CloudSnapshot cloud, String host, String reason) {
        List<Host> hosts = cloud.hosts().stream().map(h -> !h.name().equals(host) ? h : new Host(h.name(),
                h.availabilityZone(), h.aggregates(), h.capacity(), h.used(), reason == null, h.up(),
                h.hypervisorVersion(), h.capabilities(), reason)).toList();
        return new CloudSnapshot(cloud.takenAt(), hosts, cloud.vms(), cloud.serverGroups());
    }

    /** The cloud after a host's step: migrated VMs on their destination, deleted VMs gone. */
    private static CloudSnapshot apply(CloudSnapshot cloud, HostStep step) {
        Map<String, VmStep> byUuid = new HashMap<>();
        step.vms().forEach(v -> byUuid.put(v.vmUuid(), v));
        List<Vm> vms = new ArrayList<>();
        for (Vm vm : cloud.vms()) {
            VmStep s = byUuid.get(vm.uuid());
            if (s != null && s.action() == Action.TERMINATE) {
                continue;
            }
            vms.add(s == null || s.action() != Action.LIVE_MIGRATE ? vm : new Vm(vm.uuid(), vm.name(), vm.projectId(),
                    s.destination(), vm.flavor(), vm.state(), vm.volumeBacked(), vm.specialDevices(), vm.policy(),
                    vm.maxDowntimeMs(), vm.serverGroupId(), vm.dirtyRateMibPerSec()));
        }
        return new CloudSnapshot(cloud.takenAt(), cloud.hosts(), vms, cloud.serverGroups());
    }

    /**
     * The cloud as the demo's simulated Nova and agents show it: each host's {@code used} the sum of its VMs'
     * flavors, every host with an online agent that reports no disk bandwidth, every VM running.
     */
    private static CloudSnapshot withUsedFromVms(CloudSnapshot cloud) {
        Map<String, Resources> used = new LinkedHashMap<>();
        for (Vm vm : cloud.vms()) {
            used.merge(vm.host(), vm.flavor(), Resources::plus);
        }
        List<Host> hosts = cloud.hosts().stream().map(h -> new Host(h.name(), h.availabilityZone(), h.aggregates(),
                h.capacity(), used.getOrDefault(h.name(), Resources.ZERO), h.enabled(), h.up(), h.hypervisorVersion(),
                new HostCapabilities(true, h.capabilities().fileBackedSharedMemory(),
                        h.capabilities().preservedMemoryMib(), h.capabilities().kexecSupported(), "7.2.0", "9.0.0", 0,
                        h.capabilities().guestsAtOnce()), h.disabledReason())).toList();
        List<Vm> vms = cloud.vms().stream().map(v -> new Vm(v.uuid(), v.name(), v.projectId(), v.host(), v.flavor(),
                VmState.ACTIVE, v.volumeBacked(), v.specialDevices(), v.policy(), v.maxDowntimeMs(), v.serverGroupId(),
                v.dirtyRateMibPerSec(), v.metadata(), "RUNNING", null)).toList();
        return new CloudSnapshot(cloud.takenAt(), hosts, vms, cloud.serverGroups());
    }
}
