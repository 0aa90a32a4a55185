package io.molt.service.cli;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmState;
import java.util.List;

/**
 * The cloud the demo simulates: hosts in two availability zones (racks of ten, one aggregate each), the
 * generator's flavor mix and owner policies, 5% of VMs in hard server groups, half the hosts able to
 * preserve memory in place, every host enabled and up, every VM running (the generator also makes some
 * VMs paused, shut off or in error; the campaign's verification expects the VMs it touches to be ACTIVE).
 */
final class DemoCloud {

    private DemoCloud() {
    }

    static CloudSnapshot generate(int hosts, int vmsPerHost, long seed) {
        CloudSnapshot cloud = SyntheticCloud.generate(new SyntheticCloudSpec(hosts, vmsPerHost, seed,
                Math.min(2, hosts), 10, 0.5, 0.75, 0.05, 0.0, 0.0));
        List<Vm> running = cloud.vms().stream().map(v -> v.state() == VmState.ACTIVE ? v : new Vm(v.uuid(), v.name(),
                v.projectId(), v.host(), v.flavor(), VmState.ACTIVE, v.volumeBacked(), v.specialDevices(), v.policy(),
                v.maxDowntimeMs(), v.serverGroupId(), v.dirtyRateMibPerSec(), v.metadata(), "RUNNING", null)).toList();
        return new CloudSnapshot(cloud.takenAt(), cloud.hosts(), running, cloud.serverGroups());
    }
}
