package io.molt.service.cli;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.PlanOutcome;
import io.molt.service.domain.plan.Strategy;
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
            description = "Plan a generated cloud and print {\"hosts\":..,\"vms\":..,\"plan_ms\":..,\"peak_heap_mib\":..};"
                    + " with --quality, each strategy's plan of a set of clouds against the baselines instead.")
    int plan(@Option(names = "--hosts", description = "compute hosts (required unless --quality)") Integer hosts,
            @Option(names = "--vms-per-host", defaultValue = "40", description = "VMs per host (default: ${DEFAULT-VALUE})")
            int vmsPerHost,
            @Option(names = "--seed", defaultValue = "7", description = "generator seed (default: ${DEFAULT-VALUE})")
            long seed,
            @Option(names = "--target", defaultValue = "KERNEL", description = "upgrade target (default: ${DEFAULT-VALUE})")
            UpgradeTarget target,
            @Option(names = "--max-down", description = "hosts down at once (default: 1% of hosts, at least 1)")
            Integer maxDown,
            @Option(names = "--warmup", defaultValue = "0", description = "plans run first and not timed (default: 0)")
            int warmup,
            @Option(names = "--strategy", defaultValue = "balanced", converter = StrategyConverter.class,
                    description = "balanced, least-downtime, least-moved or fastest (default: ${DEFAULT-VALUE})")
            Strategy strategy,
            @Option(names = "--quality", description = "one JSON line per cloud and strategy: data moved, downtime and "
                    + "makespan against the baselines (docs/performance.md); exit 3 if balanced misses a target")
            boolean quality) {
        if (quality) {
            return new PlanQuality(System.out).run() == 0 ? 0 : 3;
        }
        if (hosts == null) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--hosts is required (or --quality)");
        }
        CloudSnapshot cloud = SyntheticCloud.generate(SyntheticCloudSpec.of(hosts, vmsPerHost, seed));
        int down = maxDown != null ? maxDown : Math.max(1, hosts / 100);
        CampaignOptions options = CampaignOptions.builder().maxHostsDown(down, down, 1).strategy(strategy).build();
        UpgradePlanner planner = new UpgradePlanner();
        for (int i = 0; i < warmup; i++) {
            planner.plan(cloud, target, options);
        }
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long gcStart = gcMillis();
        long processCpuStart = processCpuNanos();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        PlanOutcome outcome = planner.plan(cloud, target, options);
        long planMs = (System.nanoTime() - start) / 1_000_000;
        long cpuMs = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
        long processCpuMs = (processCpuNanos() - processCpuStart) / 1_000_000;
        long gcMs = gcMillis() - gcStart;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "{\"hosts\":%d,\"vms\":%d,\"plan_ms\":%d,\"peak_heap_mib\":%d,\"plan_cpu_ms\":%d,"
                + "\"process_cpu_ms\":%d,\"gc_ms\":%d,\"load_avg\":%.2f,\"feasible\":%b,"
                + "\"strategy\":\"%s\"}%n",
                hosts, cloud.vms().size(), planMs, peak / (1024 * 1024), cpuMs, processCpuMs, gcMs, load,
                outcome instanceof PlanOutcome.Planned, strategy.key());
        return 0;
    }

    /** Time spent in garbage collection so far (pauses and, for G1, concurrent cycles), all collectors. */
    private static long gcMillis() {
        long total = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** CPU time of the whole JVM so far (every thread: the planner's, the common pool's, JIT, GC), or -1. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
