package io.molt.service.cli;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import io.molt.service.domain.plan.UpgradeTarget;
import picocli.CommandLine.Option;

/** The generated cloud and limits the benchmarks share: {@code bench plan} and {@code bench campaign}. */
final class BenchCloud {

    @Option(names = "--hosts", description = "compute hosts (required but for bench plan --quality)")
    Integer hosts;

    @Option(names = "--vms-per-host", defaultValue = "40", description = "VMs per host (default: ${DEFAULT-VALUE})")
    int vmsPerHost;

    @Option(names = "--seed", defaultValue = "7", description = "generator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--target", defaultValue = "KERNEL", description = "upgrade target (default: ${DEFAULT-VALUE})")
    UpgradeTarget target;

    @Option(names = "--max-down", description = "hosts down at once, also per AZ (default: 1%% of hosts, at least 1)")
    Integer maxDown;

    int hosts() {
        if (hosts == null) {
            throw new IllegalArgumentException("--hosts is required (bench plan --quality needs none)");
        }
        return hosts;
    }

    CloudSnapshot generate() {
        return SyntheticCloud.generate(SyntheticCloudSpec.of(hosts(), vmsPerHost, seed));
    }

    int down() {
        return maxDown != null ? maxDown : Math.max(1, hosts() / 100);
    }
}
