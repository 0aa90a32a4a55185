package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.adapter.simulation.SimulatedCloud;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a campaign left of a simulated cloud, against the cloud before it (the fault suites' after-conditions):
 * VMs lost, hosts left disabled, and {@link #assertAccountedFor}: every host up, every VM in the state it was in,
 * on the host its last completed live migration put it, and live-migrated no more often than the campaign's
 * events record a completed migration.
 */
final class CloudAftermath {

    private static final Pattern MIGRATED_TO = Pattern.compile(" to (\\S+) completed \\((migration |found there)");

    private final String fault;
    private final CloudSnapshot before;
    private final CloudSnapshot after;
    private final Map<String, Integer> migrationsBefore;
    private final Map<String, List<String>> movedTo = new HashMap<>();

    private CloudAftermath(String fault, CloudSnapshot before, CloudSnapshot after,
            Map<String, Integer> migrationsBefore) {
        this.fault = fault;
        this.before = before;
        this.after = after;
        this.migrationsBefore = migrationsBefore;
    }

    /** Live migrations started so far per VM, to be given to {@link #of}. */
    static Map<String, Integer> migrationsStarted(SimulatedCloud cloud, CloudSnapshot snapshot) {
        return snapshot.vms().stream().collect(Collectors.toMap(Vm::uuid, v -> cloud.migrationsStarted(v.uuid())));
    }

    /** The cloud now against {@code before}; {@link #event} each event of the campaign before the checks. */
    static CloudAftermath of(String fault, CloudSnapshot before, SimulatedCloud cloud,
            Map<String, Integer> migrationsBefore) {
        return new CloudAftermath(fault, before, cloud.snapshot(), migrationsBefore);
    }

    /** One event of the campaign; a {@code vm.migrated} one records where the VM went. */
    CloudAftermath event(String type, String vmUuid, String message) {
        Matcher to = MIGRATED_TO.matcher(message);
        if ("vm.migrated".equals(type) && to.find()) {
            movedTo.computeIfAbsent(vmUuid, k -> new ArrayList<>()).add(to.group(1));
        }
        return this;
    }

    long vmsLost() {
        Set<String> present = after.vms().stream().map(Vm::uuid).collect(Collectors.toSet());
        return before.vms().stream().filter(v -> !present.contains(v.uuid())).count();
    }

    long hostsDisabled() {
        return after.hosts().stream().filter(h -> !h.enabled()).count();
    }

    /** Fails unless every VM is accounted for as the class comment says, {@code cloud} counting migrations. */
    void assertAccountedFor(SimulatedCloud cloud) {
        assertThat(vmsLost()).as(fault + ": VMs lost").isZero();
        assertThat(hostsDisabled()).as(fault + ": hosts left disabled").isZero();
        assertThat(after.hosts()).allMatch(Host::up, "nova-compute up");
        Map<String, VmState> stateBefore = before.vms().stream().collect(Collectors.toMap(Vm::uuid, Vm::state));
        assertThat(after.vms().stream().filter(v -> v.state() != stateBefore.get(v.uuid()))
                .map(v -> v.name() + " " + stateBefore.get(v.uuid()) + " -> " + v.state()))
                .as(fault + ": VMs not back in the state they were in").isEmpty();
        for (Vm vm : before.vms()) {
            List<String> moves = movedTo.getOrDefault(vm.uuid(), List.of());
            int started = cloud.migrationsStarted(vm.uuid()) - migrationsBefore.getOrDefault(vm.uuid(), 0);
            assertThat(started).as("%s: live migrations of %s started, against %s completed", fault, vm.name(), moves)
                    .isEqualTo(moves.size());
            String expectedHost = moves.isEmpty() ? vm.host() : moves.get(moves.size() - 1);
            assertThat(after.vms()).filteredOn(v -> v.uuid().equals(vm.uuid())).extracting(Vm::host)
                    .as("%s: where %s ended", fault, vm.name()).containsExactly(expectedHost);
        }
    }
}
