package io.molt.service.adapter.nova;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.Resources;
import io.molt.service.domain.cloud.ServerGroup;
import io.molt.service.domain.cloud.ServerGroup.GroupPolicy;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmPolicy;
import io.molt.service.domain.cloud.VmState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The snapshot of the dev cloud's 4 hosts after the test put 12 servers in 2 server groups on them. */
class NovaSnapshotIT {

    private final DevCloud devCloud = DevCloud.connect();
    private final NovaComputeCloud cloud = devCloud.cloud();
    private final String prefix = DevCloud.uniquePrefix("snapshot");
    private final List<String> servers = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        devCloud.deleteServers(servers, cloud);
        groups.forEach(devCloud::deleteGroup);
    }

    @Test
    void snapshotShowsHostsServersAndGroupsAsCreated() {
        String spread = devCloud.createGroup(prefix + "spread", "anti-affinity");
        String soft = devCloud.createGroup(prefix + "soft", "soft-anti-affinity");
        groups.addAll(List.of(spread, soft));
        Map<String, String> expectedHost = new HashMap<>();
        Map<String, String> expectedGroup = new HashMap<>();
        for (int i = 0; i < 12; i++) {
            String host = DevCloud.HOSTS.get(i % 4);
            String group = i < 4 ? spread : soft;
            Map<String, String> metadata = i % 3 == 0
                    ? Map.of(VmPolicy.METADATA_KEY, "migrate", VmPolicy.MAX_DOWNTIME_KEY, "500") : Map.of();
            String id = devCloud.createServer(prefix + i, "m1.nano", host, group, metadata);
            servers.add(id);
            expectedHost.put(id, host);
            expectedGroup.put(id, group);
        }
        devCloud.awaitActive(servers, Duration.ofSeconds(120));

        CloudSnapshot snapshot = cloud.snapshot();

        Map<String, Host> hosts = snapshot.hosts().stream().collect(Collectors.toMap(Host::name, Function.identity()));
        assertThat(hosts).containsKeys(DevCloud.HOSTS.toArray(String[]::new));
        for (String name : DevCloud.HOSTS) {
            Host host = hosts.get(name);
            assertThat(host.enabled()).as(name + " enabled").isTrue();
            assertThat(host.up()).as(name + " up").isTrue();
            assertThat(host.availabilityZone()).isEqualTo("nova");
            assertThat(host.hypervisorVersion()).as("hypervisor version Nova reports for %s", host.name())
                    .matches("[1-9][0-9]*");
            assertThat(host.capacity().vcpus()).isPositive();
            assertThat(host.used().ramMib()).as(name + " RAM in use").isGreaterThanOrEqualTo(3 * 64);
        }

        List<Vm> mine = snapshot.vms().stream().filter(vm -> vm.name().startsWith(prefix)).toList();
        assertThat(mine).hasSize(12);
        for (Vm vm : mine) {
            assertThat(vm.host()).as(vm.name()).isEqualTo(expectedHost.get(vm.uuid()));
            assertThat(vm.serverGroupId()).as(vm.name()).isEqualTo(expectedGroup.get(vm.uuid()));
            assertThat(vm.flavor()).isEqualTo(new Resources(1, 64, 0));
            assertThat(vm.state()).isEqualTo(VmState.ACTIVE);
            assertThat(vm.powerState()).isEqualTo("RUNNING");
            assertThat(vm.taskState()).isNull();
            assertThat(vm.volumeBacked()).isFalse();
            int index = Integer.parseInt(vm.name().substring(prefix.length()));
            if (index % 3 == 0) {
                assertThat(vm.policy()).isEqualTo(VmPolicy.MIGRATE);
                assertThat(vm.maxDowntimeMs()).isEqualTo(500L);
                assertThat(vm.metadata()).containsEntry(VmPolicy.METADATA_KEY, "migrate");
            } else {
                assertThat(vm.policy()).isEqualTo(VmPolicy.ANY);
                assertThat(vm.maxDowntimeMs()).isNull();
            }
        }

        Map<String, ServerGroup> byId = snapshot.serverGroups().stream()
                .collect(Collectors.toMap(ServerGroup::id, Function.identity()));
        assertThat(byId.get(spread).policy()).isEqualTo(GroupPolicy.ANTI_AFFINITY);
        assertThat(byId.get(spread).name()).isEqualTo(prefix + "spread");
        assertThat(byId.get(spread).memberUuids()).containsExactlyInAnyOrderElementsOf(servers.subList(0, 4));
        assertThat(byId.get(soft).policy()).isEqualTo(GroupPolicy.SOFT_ANTI_AFFINITY);
        assertThat(byId.get(soft).memberUuids()).containsExactlyInAnyOrderElementsOf(servers.subList(4, 12));
    }
}
