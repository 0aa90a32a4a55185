package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.Resources;
import io.molt.service.domain.cloud.Vm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hosts whose reported {@code used} is below what the VMs on them take (their flavors' vCPUs and RAM, and
 * the disk of those whose root disk is local). The planner counts the larger of the two on every host
 * ({@link HostLoad}); this puts the difference into words for the operator, since it means the snapshot's
 * usage is missing or stale.
 */
public final class ReportedUsage {

    private ReportedUsage() {
    }

    /** One warning per such host, in host name order. */
    public static List<String> understated(CloudSnapshot snapshot) {
        Map<String, long[]> taken = new HashMap<>();
        for (Vm vm : snapshot.vms()) {
            long[] sum = taken.computeIfAbsent(vm.host(), h -> new long[3]);
            sum[0] += vm.flavor().vcpus();
            sum[1] += vm.flavor().ramMib();
            sum[2] += HostLoad.localDiskGib(vm);
        }
        List<String> warnings = new ArrayList<>();
        snapshot.hosts().stream().sorted(java.util.Comparator.comparing(Host::name)).forEach(host -> {
            long[] sum = taken.get(host.name());
            Resources used = host.used();
            if (sum != null && (used.vcpus() < sum[0] || used.ramMib() < sum[1] || used.diskGib() < sum[2])) {
                warnings.add("host " + host.name() + ": used (" + used.vcpus() + " vCPUs, " + used.ramMib() + " MiB, "
                        + used.diskGib() + " GiB) is below what its VMs take (" + sum[0] + " vCPUs, " + sum[1]
                        + " MiB, " + sum[2] + " GiB); planned with the larger of each");
            }
        });
        return warnings;
    }
}
