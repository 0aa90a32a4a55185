package io.molt.service.domain.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A cloud prepared as docs/host-agent.md and docs/configuration.md tell operators to prepare it: on every
 * host the agent runs and guests' memory is file-backed and shared; on all but the legacy hosts a
 * preserved-memory region (a {@code memmap} reservation offered as {@code /dev/pmemN}) as large as the host's
 * RAM. Legacy hosts have no preserved region: their guests stay in place for a userspace upgrade, but must
 * move (or be saved) for a kernel upgrade. Disk rates are kept as the host reported them; the agent works on
 * its default {@code guests.at-once} of 4 guests at a time, or more if the host said so.
 */
public final class PreparedCloud {

    private PreparedCloud() {
    }

    /**
     * The same cloud, its hosts prepared.
     *
     * @param legacyShare share of hosts without a preserved region (0 to 1), chosen by the seed
     */
    public static CloudSnapshot prepare(CloudSnapshot cloud, double legacyShare, long seed) {
        if (!(legacyShare >= 0 && legacyShare <= 1)) {
            throw new IllegalArgumentException("legacy-share must be between 0 and 1: " + legacyShare);
        }
        Random random = new Random(seed ^ 0x9E3779B97F4A7C15L);
        List<Host> hosts = new ArrayList<>(cloud.hosts().size());
        for (Host host : cloud.hosts()) {
            boolean legacy = random.nextDouble() < legacyShare;
            HostCapabilities was = host.capabilities();
            HostCapabilities prepared = new HostCapabilities(true, true, legacy ? 0 : host.capacity().ramMib(),
                    true, was.qemuVersion() != null ? was.qemuVersion() : "7.2.0",
                    was.libvirtVersion() != null ? was.libvirtVersion() : "9.0.0", was.diskWriteMibPerSec(),
                    Math.max(was.guestsAtOnce(), 4));
            hosts.add(new Host(host.name(), host.availabilityZone(), host.aggregates(), host.capacity(), host.used(),
                    host.enabled(), host.up(), host.hypervisorVersion(), prepared));
        }
        return new CloudSnapshot(cloud.takenAt(), hosts, cloud.vms(), cloud.serverGroups());
    }
}
