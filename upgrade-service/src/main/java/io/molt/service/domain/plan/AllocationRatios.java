package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.Host;

/**
 * How far a host's physical resources may be allocated, as Nova's placement computes it:
 * {@code (total - reserved) * ratio}.
 *
 * @param cpu             vCPU allocation ratio (Nova {@code initial_cpu_allocation_ratio}: 16.0)
 * @param ram             RAM allocation ratio (Nova {@code initial_ram_allocation_ratio}: 1.5)
 * @param disk            disk allocation ratio (Nova {@code initial_disk_allocation_ratio}: 1.0)
 * @param reservedRamMib  RAM kept for the host (Nova {@code reserved_host_memory_mb}: 512)
 */
public record AllocationRatios(double cpu, double ram, double disk, long reservedRamMib) {

    /** Nova's defaults. */
    public static final AllocationRatios NOVA_DEFAULTS = new AllocationRatios(16.0, 1.5, 1.0, 512);

    public AllocationRatios {
        if (cpu <= 0 || ram <= 0 || disk <= 0 || reservedRamMib < 0) {
            throw new IllegalArgumentException("allocation ratios must be positive and reserved RAM not negative");
        }
    }

    public long vcpuLimit(Host host) {
        return (long) Math.floor(host.capacity().vcpus() * cpu);
    }

    public long ramLimitMib(Host host) {
        return (long) Math.floor(Math.max(0, host.capacity().ramMib() - reservedRamMib) * ram);
    }

    public long diskLimitGib(Host host) {
        return (long) Math.floor(host.capacity().diskGib() * disk);
    }
}
