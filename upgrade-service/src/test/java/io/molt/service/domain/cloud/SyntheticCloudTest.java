package io.molt.service.domain.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticCloudTest {

    @Test
    void theSameSpecGivesTheSameCloud() {
        SyntheticCloudSpec spec = SyntheticCloudSpec.parse("hosts=50,vms-per-host=10,seed=3");
        assertThat(SyntheticCloud.generate(spec)).isEqualTo(SyntheticCloud.generate(spec));
        assertThat(SyntheticCloud.generate(spec)).isNotEqualTo(SyntheticCloud.generate(
                SyntheticCloudSpec.parse("hosts=50,vms-per-host=10,seed=4")));
    }

    @Test
    void hostsHoldTheirVmsWithinCapacityAndGroupsArePlacedAsNovaWould() {
        CloudSnapshot cloud = SyntheticCloud.generate(SyntheticCloudSpec.of(200, 20, 7));
        assertThat(cloud.hosts()).hasSize(200);
        assertThat(cloud.vms()).hasSize(4000);
        Map<String, Vm> vms = new HashMap<>();
        cloud.vms().forEach(vm -> vms.put(vm.uuid(), vm));
        for (Host host : cloud.hosts()) {
            long ram = cloud.vms().stream().filter(vm -> vm.host().equals(host.name()))
                    .mapToLong(vm -> vm.flavor().ramMib()).sum();
            assertThat(host.used().ramMib()).isEqualTo(ram);
            assertThat(ram).isLessThanOrEqualTo((long) ((host.capacity().ramMib() - 512) * 1.5));
        }
        assertThat(cloud.serverGroups()).isNotEmpty();
        for (ServerGroup group : cloud.serverGroups()) {
            Set<String> hosts = new HashSet<>();
            group.memberUuids().forEach(member -> hosts.add(vms.get(member).host()));
            assertThat(hosts).hasSize(group.policy() == ServerGroup.GroupPolicy.AFFINITY ? 1 : group.memberUuids().size());
            group.memberUuids().forEach(member -> assertThat(vms.get(member).serverGroupId()).isEqualTo(group.id()));
        }
        assertThat(cloud.hosts()).anyMatch(h -> h.capabilities().preservedMemoryMib() > 0)
                .anyMatch(h -> !h.capabilities().fileBackedSharedMemory());
    }

    @Test
    void badSpecsAreRefused() {
        assertThatThrownBy(() -> SyntheticCloudSpec.parse("hosts=10,colour=blue"))
                .hasMessageContaining("unknown generator keys");
        assertThatThrownBy(() -> SyntheticCloudSpec.parse("hosts")).hasMessageContaining("key=value");
        assertThatThrownBy(() -> SyntheticCloudSpec.parse("hosts=0")).isInstanceOf(IllegalArgumentException.class);
    }
}
