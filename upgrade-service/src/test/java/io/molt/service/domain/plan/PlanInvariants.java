package io.molt.service.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.ServerGroup;
import io.molt.service.domain.cloud.ServerGroup.GroupPolicy;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays a plan over its snapshot, independently of the planner's own bookkeeping, and checks the rules
 * every plan must keep. Written from the rules, not from the planner's code.
 */
final class PlanInvariants {

    private final CloudSnapshot snapshot;
    private final UpgradeTarget target;
    private final CampaignOptions options;
    private final Map<String, Host> hosts = new HashMap<>();
    private final Map<String, Vm> vms = new HashMap<>();
    private final Map<String, String> location = new HashMap<>();
    private final Map<String, long[]> load = new HashMap<>();
    private final Map<String, long[]> initial = new HashMap<>();
    private final Map<String, String> groupOf = new HashMap<>();
    private final Map<String, ServerGroup> groups = new HashMap<>();
    private final Set<String> settled = new HashSet<>();

    PlanInvariants(CloudSnapshot snapshot, UpgradeTarget target, CampaignOptions options) {
        this.snapshot = snapshot;
        this.target = target;
        this.options = options;
        snapshot.hosts().forEach(h -> {
            hosts.put(h.name(), h);
            load.put(h.name(), new long[] {h.used().vcpus(), h.used().ramMib(), h.used().diskGib()});
            boolean inScope = !options.upgradedHosts().contains(h.name())
                    && (options.hosts().isEmpty() || options.hosts().contains(h.name()));
            if (!inScope && h.up() && h.enabled()) {
                settled.add(h.name());
            }
        });
        snapshot.vms().forEach(v -> {
            vms.put(v.uuid(), v);
            location.put(v.uuid(), v.host());
        });
        snapshot.hosts().forEach(h -> { // a host holds at least what runs on it, whatever its used says
            long[] sum = new long[3];
            snapshot.vms().stream().filter(v -> v.host().equals(h.name())).forEach(v -> {
                sum[0] += v.flavor().vcpus();
                sum[1] += v.flavor().ramMib();
                sum[2] += v.volumeBacked() ? 0 : v.flavor().diskGib();
            });
            long[] used = load.get(h.name());
            for (int i = 0; i < 3; i++) {
                used[i] = Math.max(used[i], sum[i]);
            }
            initial.put(h.name(), used.clone());
        });
        for (ServerGroup group : snapshot.serverGroups()) {
            groups.put(group.id(), group);
            group.memberUuids().forEach(member -> groupOf.put(member, group.id()));
        }
    }

    /** Checks every rule over the whole plan; fails with an assertion naming the first broken one. */
    void check(Plan plan) {
        Set<String> planned = new HashSet<>();
        Map<String, Integer> migrations = new HashMap<>();
        for (Wave wave : plan.waves()) {
            checkHostsDown(wave);
            Set<String> inWave = new HashSet<>();
            wave.hosts().forEach(step -> inWave.add(step.host()));
            Map<String, Integer> downPerGroup = new HashMap<>();
            List<String> migratedTwice = new ArrayList<>();
            for (HostStep step : wave.hosts()) {
                assertThat(planned.add(step.host())).as("host %s planned once", step.host()).isTrue();
                checkExactlyTheVmsOnTheHost(step);
                long preservedMib = 0;
                for (VmStep vmStep : step.vms()) {
                    Vm vm = vms.get(vmStep.vmUuid());
                    checkPolicyAndLimits(step, vmStep, vm);
                    if (vmStep.action() == Action.PRESERVE) {
                        preservedMib += vm.flavor().ramMib();
                    }
                    if (vm.state().running() && !vmStep.action().keepsVmAvailable() && groupOf.containsKey(vm.uuid())
                            && groups.get(groupOf.get(vm.uuid())).policy() == GroupPolicy.ANTI_AFFINITY) {
                        int down = downPerGroup.merge(groupOf.get(vm.uuid()), 1, Integer::sum);
                        assertThat(down).as("anti-affinity group %s: members down in wave %d",
                                groupOf.get(vm.uuid()), wave.number()).isLessThanOrEqualTo(1);
                    }
                    if (vmStep.action() == Action.LIVE_MIGRATE) {
                        migrate(vm, vmStep.destination(), inWave, wave.number());
                        if (migrations.merge(vm.uuid(), 1, Integer::sum) == 1 && !settled.contains(vmStep.destination())) {
                            migratedTwice.add(vm.uuid());
                        }
                    } else if (vmStep.action() == Action.TERMINATE) {
                        release(vm);
                        location.remove(vm.uuid());
                    }
                }
                Host host = hosts.get(step.host());
                if (target.needsPreservedRegion()) {
                    assertThat(preservedMib).as("preserved RAM on %s", host.name())
                            .isLessThanOrEqualTo(host.capabilities().preservedMemoryMib());
                }
            }
            checkCapacity(wave.number());
            checkAffinityKept(wave.number());
            migratedTwice.forEach(uuid -> checkNoSettledRoom(uuid, wave.number()));
            for (String host : inWave) {
                if (hosts.get(host).enabled()) {
                    settled.add(host);
                }
            }
        }
        for (Vm vm : snapshot.vms()) {
            Host host = hosts.get(vm.host());
            boolean inScope = !options.upgradedHosts().contains(host.name())
                    && (options.hosts().isEmpty() || options.hosts().contains(host.name()));
            assertThat(!inScope || !host.up() || planned.contains(host.name()))
                    .as("host %s of VM %s is planned or skipped", host.name(), vm.uuid()).isTrue();
        }
    }

    private void checkHostsDown(Wave wave) {
        assertThat(wave.hosts().size()).as("hosts down in wave %d", wave.number())
                .isBetween(1, options.maxHostsDown());
        Map<String, Integer> perZone = new HashMap<>();
        Map<String, Integer> perAggregate = new HashMap<>();
        for (HostStep step : wave.hosts()) {
            Host host = hosts.get(step.host());
            assertThat(perZone.merge(host.availabilityZone(), 1, Integer::sum)).as("hosts down in %s, wave %d",
                    host.availabilityZone(), wave.number()).isLessThanOrEqualTo(options.maxHostsDownPerAz());
            for (String aggregate : host.aggregates()) {
                assertThat(perAggregate.merge(aggregate, 1, Integer::sum)).as("hosts down in aggregate %s, wave %d",
                        aggregate, wave.number()).isLessThanOrEqualTo(options.maxHostsDownPerAggregate());
            }
        }
    }

    private void checkExactlyTheVmsOnTheHost(HostStep step) {
        Set<String> expected = new HashSet<>();
        location.forEach((vm, host) -> {
            if (host.equals(step.host())) {
                expected.add(vm);
            }
        });
        List<String> listed = step.vms().stream().map(VmStep::vmUuid).toList();
        assertThat(listed).as("VM steps on %s", step.host()).doesNotHaveDuplicates();
        assertThat(new HashSet<>(listed)).as("VMs with a step on %s", step.host()).isEqualTo(expected);
    }

    private void checkPolicyAndLimits(HostStep step, VmStep vmStep, Vm vm) {
        if (!vm.state().running()) {
            assertThat(vmStep.action()).as("stopped VM %s", vm.uuid()).isEqualTo(Action.COLD_RESTART);
            assertThat(vmStep.downtimeSeconds()).isZero();
            return;
        }
        Set<Action> allowedByPolicy = switch (vm.policy()) {
            case PRESERVE -> Set.of(Action.PRESERVE, Action.SUSPEND_TO_DISK, Action.COLD_RESTART);
            case MIGRATE -> Set.of(Action.LIVE_MIGRATE);
            case TERMINATE -> Set.of(Action.values());
            case ANY -> Set.of(Action.PRESERVE, Action.LIVE_MIGRATE, Action.SUSPEND_TO_DISK, Action.COLD_RESTART);
        };
        assertThat(allowedByPolicy).as("policy %s of VM %s", vm.policy(), vm.uuid()).contains(vmStep.action());
        assertThat(options.allowedActions()).contains(vmStep.action());
        Host host = hosts.get(step.host());
        if (vmStep.action() == Action.PRESERVE) {
            assertThat(target).isNotEqualTo(UpgradeTarget.FULL_REBOOT);
            assertThat(vm.specialDevices()).isFalse();
            assertThat(host.capabilities().agentOnline() && host.capabilities().fileBackedSharedMemory())
                    .as("host %s can preserve VM %s", host.name(), vm.uuid()).isTrue();
            if (target == UpgradeTarget.KERNEL) {
                assertThat(host.capabilities().kexecSupported()).isTrue();
            }
        }
        if ((vmStep.action() == Action.LIVE_MIGRATE || vmStep.action() == Action.SUSPEND_TO_DISK)) {
            assertThat(vm.specialDevices()).as("VM %s with special devices", vm.uuid()).isFalse();
        }
        if (vm.maxDowntimeMs() != null) {
            assertThat(vmStep.downtimeSeconds() * 1000).as("downtime of %s", vm.uuid())
                    .isLessThanOrEqualTo(vm.maxDowntimeMs());
        }
        assertThat(vm.policy() != VmPolicy.MIGRATE || vmStep.destination() != null).isTrue();
    }

    private void migrate(Vm vm, String destination, Set<String> inWave, int wave) {
        assertThat(destination).as("destination of %s", vm.uuid()).isNotNull();
        Host to = hosts.get(destination);
        assertThat(inWave).as("destination %s of %s is up during wave %d", destination, vm.uuid(), wave)
                .doesNotContain(destination);
        assertThat(to.up() && to.enabled()).as("destination %s is up and enabled", destination).isTrue();
        assertThat(to.availabilityZone()).isEqualTo(hosts.get(location.get(vm.uuid())).availabilityZone());
        String group = groupOf.get(vm.uuid());
        if (group != null && groups.get(group).policy() == GroupPolicy.ANTI_AFFINITY) {
            for (String peer : groups.get(group).memberUuids()) {
                assertThat(peer.equals(vm.uuid()) || !destination.equals(location.get(peer)))
                        .as("anti-affinity of %s kept by moving to %s", group, destination).isTrue();
            }
        }
        release(vm);
        location.put(vm.uuid(), destination);
        long[] to2 = load.get(destination);
        to2[0] += vm.flavor().vcpus();
        to2[1] += vm.flavor().ramMib();
        to2[2] += vm.volumeBacked() ? 0 : vm.flavor().diskGib();
    }

    private void release(Vm vm) {
        long[] from = load.get(location.get(vm.uuid()));
        from[0] -= vm.flavor().vcpus();
        from[1] -= vm.flavor().ramMib();
        from[2] -= vm.volumeBacked() ? 0 : vm.flavor().diskGib();
    }

    private void checkCapacity(int wave) {
        for (Host host : snapshot.hosts()) {
            long[] used = load.get(host.name());
            long[] before = initial.get(host.name());
            boolean grew = used[0] > before[0] || used[1] > before[1] || used[2] > before[2];
            if (grew) {
                assertThat(room(host, used, 0, 0, 0)).as("host %s within capacity after wave %d", host.name(), wave)
                        .isTrue();
            }
        }
    }

    private boolean room(Host host, long[] used, long vcpus, long ramMib, long diskGib) {
        AllocationRatios ratios = options.ratios();
        return used[0] + vcpus <= ratios.vcpuLimit(host) && used[1] + ramMib <= ratios.ramLimitMib(host)
                && used[2] + diskGib <= ratios.diskLimitGib(host);
    }

    private void checkAffinityKept(int wave) {
        for (ServerGroup group : groups.values()) {
            if (group.policy() != GroupPolicy.AFFINITY) {
                continue;
            }
            Set<String> originally = new HashSet<>();
            Set<String> now = new HashSet<>();
            for (String member : group.memberUuids()) {
                originally.add(vms.get(member).host());
                if (location.containsKey(member)) {
                    now.add(location.get(member));
                }
            }
            if (originally.size() == 1) {
                assertThat(now).as("affinity group %s on one host after wave %d", group.id(), wave).hasSizeLessThan(2);
            }
        }
    }

    /** A VM sent to a host upgraded later: no settled host in its zone may have had room for it. */
    private void checkNoSettledRoom(String uuid, int wave) {
        Vm vm = vms.get(uuid);
        if (groupOf.containsKey(uuid)) {
            return; // a group's policy may rule hosts out: room alone does not decide
        }
        String zone = hosts.get(vm.host()).availabilityZone();
        for (String name : settled) {
            Host host = hosts.get(name);
            if (host.availabilityZone().equals(zone)) {
                assertThat(room(host, load.get(name), vm.flavor().vcpus(), vm.flavor().ramMib(),
                        vm.volumeBacked() ? 0 : vm.flavor().diskGib()))
                        .as("VM %s moved to a host upgraded later in wave %d while %s had room", uuid, wave, name)
                        .isFalse();
            }
        }
    }
}
