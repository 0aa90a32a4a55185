package io.molt.service.cli;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.PlanOutcome;
import io.molt.service.domain.plan.UpgradePlanner;
import io.molt.service.domain.plan.UpgradeTarget;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Benchmarks, not tests: each prints one JSON line. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print one JSON line each.")
final class BenchCommand {

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Plan a generated cloud and print {\"hosts\":..,\"vms\":..,\"plan_ms\":..,\"peak_heap_mib\":..}.")
    int plan(@Option(names = "--hosts", required = true, description = "compute hosts") int hosts,
            @Option(names = "--vms-per-host", defaultValue = "40", description = "VMs per host (default: ${DEFAULT-VALUE})")
            int vmsPerHost,
            @Option(names = "--seed", defaultValue = "7", description = "generator seed (default: ${DEFAULT-VALUE})")
            long seed,
            @Option(names = "--target", defaultValue = "KERNEL", description = "upgrade target (default: ${DEFAULT-VALUE})")
            UpgradeTarget target,
            @Option(names = "--max-down", description = "hosts down at once (default: 1% of hosts, at least 1)")
            Integer maxDown,
            @Option(names = "--warmup", defaultValue = "0", description = "plans run first and not timed (default: 0)")
            int warmup) {
        CloudSnapshot cloud = SyntheticCloud.generate(SyntheticCloudSpec.of(hosts, vmsPerHost, seed));
        int down = maxDown != null ? maxDown : Math.max(1, hosts / 100);
        CampaignOptions options = CampaignOptions.builder().maxHostsDown(down, down, 1).build();
        UpgradePlanner planner = new UpgradePlanner();
        for (int i = 0; i < warmup; i++) {
            planner.plan(cloud, target, options);
        }
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        PlanOutcome outcome = planner.plan(cloud, target, options);
        long planMs = (System.nanoTime() - start) / 1_000_000;
        long cpuMs = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "{\"hosts\":%d,\"vms\":%d,\"plan_ms\":%d,\"peak_heap_mib\":%d,\"plan_cpu_ms\":%d,\"feasible\":%b}%n",
                hosts, cloud.vms().size(), planMs, peak / (1024 * 1024), cpuMs, outcome instanceof PlanOutcome.Planned);
        return 0;
    }
}
