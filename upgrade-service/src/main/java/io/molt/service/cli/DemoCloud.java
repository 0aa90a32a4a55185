package io.molt.service.cli;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.PreparedCloud;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmState;
import java.util.List;

/**
 * The cloud the demo simulates: hosts in two availability zones (racks of ten, one aggregate each), the
 * generator's flavor mix and owner policies, 5% of VMs in hard server groups, every host enabled and up,
 * every VM running (the generator also makes some VMs paused, shut off or in error; the campaign's
 * verification expects the VMs it touches to be ACTIVE). Hosts are prepared as the docs tell operators
 * ({@link PreparedCloud}): the agent and file-backed shared memory everywhere, a preserved-memory region on
 * all but the legacy share of hosts.
 */
final class DemoCloud {

    private DemoCloud() {
    }

    /** The legacy hosts' share by default: a few hosts without a preserved-memory region. */
    static final double DEFAULT_LEGACY_SHARE = 0.1;

    static CloudSnapshot generate(int hosts, int vmsPerHost, long seed) {
        return generate(hosts, vmsPerHost, seed, DEFAULT_LEGACY_SHARE);
    }

    static CloudSnapshot generate(int hosts, int vmsPerHost, long seed, double legacyShare) {
        CloudSnapshot cloud = SyntheticCloud.generate(new SyntheticCloudSpec(hosts, vmsPerHost, seed,
                Math.min(2, hosts), 10, 0.5, 0.75, 0.05, 0.0, 0.0));
        List<Vm> running = cloud.vms().stream().map(v -> v.state() == VmState.ACTIVE ? v : new Vm(v.uuid(), v.name(),
                v.projectId(), v.host(), v.flavor(), VmState.ACTIVE, v.volumeBacked(), v.specialDevices(), v.policy(),
                v.maxDowntimeMs(), v.serverGroupId(), v.dirtyRateMibPerSec(), v.metadata(), "RUNNING", null)).toList();
        return PreparedCloud.prepare(new CloudSnapshot(cloud.takenAt(), cloud.hosts(), running, cloud.serverGroups()),
                legacyShare, seed);
    }
}
