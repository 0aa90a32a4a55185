package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.Vm;

/** What is allocated on one host now, against its limits under the allocation ratios. Mutable. */
final class HostLoad {

    final int index;
    private final long vcpuLimit;
    private final long ramLimitMib;
    private final long diskLimitGib;
    private long vcpus;
    private long ramMib;
    private long diskGib;

    /**
     * A host's load: what it reports as used, but never less than what the VMs on it take ({@code vmVcpus},
     * {@code vmRamMib}, {@code vmDiskGib}): a {@code used} that is missing or stale must not let the plan fill
     * the host past its limits ({@link ReportedUsage} words the warning).
     */
    HostLoad(int index, Host host, AllocationRatios ratios, long vmVcpus, long vmRamMib, long vmDiskGib) {
        this(index, ratios.vcpuLimit(host), ratios.ramLimitMib(host), ratios.diskLimitGib(host));
        vcpus = Math.max(host.used().vcpus(), vmVcpus);
        ramMib = Math.max(host.used().ramMib(), vmRamMib);
        diskGib = Math.max(host.used().diskGib(), vmDiskGib);
    }

    private HostLoad(int index, long vcpuLimit, long ramLimitMib, long diskLimitGib) {
        this.index = index;
        this.vcpuLimit = vcpuLimit;
        this.ramLimitMib = ramLimitMib;
        this.diskLimitGib = diskLimitGib;
    }

    long freeRamMib() {
        return ramLimitMib - ramMib;
    }

    boolean fits(long addVcpus, long addRamMib, long addDiskGib) {
        return vcpus + addVcpus <= vcpuLimit && ramMib + addRamMib <= ramLimitMib && diskGib + addDiskGib <= diskLimitGib;
    }

    void add(long addVcpus, long addRamMib, long addDiskGib) {
        vcpus += addVcpus;
        ramMib += addRamMib;
        diskGib += addDiskGib;
    }

    void remove(long removeVcpus, long removeRamMib, long removeDiskGib) {
        vcpus = Math.max(0, vcpus - removeVcpus);
        ramMib = Math.max(0, ramMib - removeRamMib);
        diskGib = Math.max(0, diskGib - removeDiskGib);
    }

    /** The host disk a VM takes: its flavor's disk unless its root disk is a volume. */
    static long localDiskGib(Vm vm) {
        return vm.volumeBacked() ? 0 : vm.flavor().diskGib();
    }
}
