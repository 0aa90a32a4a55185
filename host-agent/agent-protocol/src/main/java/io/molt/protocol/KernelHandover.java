package io.molt.protocol;

/**
 * What the running kernel offers for keeping guest memory across a kexec without a reserved pmem region
 * (Linux 6.19 and later): Kexec HandOver (KHO) and the Live Update Orchestrator (LUO), which keeps
 * memfd-backed memory such as guest RAM across the kexec. Reported so that an operator and the planner see
 * it as found, never assumed: Debian's kernels build it off (sid's 7.2 has {@code CONFIG_KEXEC_HANDOVER} off).
 *
 * @param kexecHandover {@code CONFIG_KEXEC_HANDOVER}: ENABLED when built and on ({@code kho=on} on the kernel
 *                      command line, or on by default), BUILT_DISABLED when built but off
 * @param liveUpdate    {@code CONFIG_LIVEUPDATE}: ENABLED when built and {@code /dev/liveupdate} exists,
 *                      BUILT_DISABLED when built without the device
 * @param configSource  the kernel config read, e.g. {@code /boot/config-6.1.0-27-amd64} or
 *                      {@code /proc/config.gz}; null if none was readable (then both are UNKNOWN)
 */
public record KernelHandover(Support kexecHandover, Support liveUpdate, String configSource) {

    /** How far the running kernel supports a feature. */
    public enum Support {
        ENABLED, BUILT_DISABLED, ABSENT, UNKNOWN
    }

    /** Nothing known: no kernel config was readable. */
    public static final KernelHandover UNKNOWN = new KernelHandover(Support.UNKNOWN, Support.UNKNOWN, null);

    public KernelHandover {
        if (kexecHandover == null || liveUpdate == null) {
            throw new IllegalArgumentException("kexecHandover and liveUpdate are required");
        }
    }

    /** Whether guest RAM could be kept across a kexec through LUO (both parts on). */
    public boolean usable() {
        return kexecHandover == Support.ENABLED && liveUpdate == Support.ENABLED;
    }
}
