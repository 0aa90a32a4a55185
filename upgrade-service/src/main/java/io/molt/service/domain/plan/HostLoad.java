package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.Vm;
import java.util.Comparator;

/** What is allocated on one host now, against its limits under the allocation ratios. Mutable. */
final class HostLoad {

    /** Least free RAM first, then by host index: the order destinations are tried in (best fit). */
    static final Comparator<HostLoad> BY_FREE_RAM =
            Comparator.comparingLong(HostLoad::freeRamMib).thenComparingInt(load -> load.index);

    final int index;
    private final long vcpuLimit;
    private final long ramLimitMib;
    private final long diskLimitGib;
    private long vcpus;
    private long ramMib;
    private long diskGib;

    HostLoad(int index, Host host, AllocationRatios ratios) {
        this(index, ratios.vcpuLimit(host), ratios.ramLimitMib(host), ratios.diskLimitGib(host));
        vcpus = host.used().vcpus();
        ramMib = host.used().ramMib();
        diskGib = host.used().diskGib();
    }

    private HostLoad(int index, long vcpuLimit, long ramLimitMib, long diskLimitGib) {
        this.index = index;
        this.vcpuLimit = vcpuLimit;
        this.ramLimitMib = ramLimitMib;
        this.diskLimitGib = diskLimitGib;
    }

    /** A search key: sorts before every host with at least this much free RAM. */
    static HostLoad probe(long ramMib) {
        return new HostLoad(-1, 0, ramMib, 0);
    }

    long freeRamMib() {
        return ramLimitMib - ramMib;
    }

    boolean fits(long addVcpus, long addRamMib, long addDiskGib) {
        return vcpus + addVcpus <= vcpuLimit && ramMib + addRamMib <= ramLimitMib && diskGib + addDiskGib <= diskLimitGib;
    }

    void add(Vm vm) {
        vcpus += vm.flavor().vcpus();
        ramMib += vm.flavor().ramMib();
        diskGib += localDiskGib(vm);
    }

    void remove(Vm vm) {
        vcpus = Math.max(0, vcpus - vm.flavor().vcpus());
        ramMib = Math.max(0, ramMib - vm.flavor().ramMib());
        diskGib = Math.max(0, diskGib - localDiskGib(vm));
    }

    /** The host disk a VM takes: its flavor's disk unless its root disk is a volume. */
    static long localDiskGib(Vm vm) {
        return vm.volumeBacked() ? 0 : vm.flavor().diskGib();
    }
}
