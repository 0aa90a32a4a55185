package io.molt.protocol;

/**
 * What a kernel upgrade's boot took on the host, as the agent measured it (protocol v2, additive: in a
 * RestoreGuests answer after a kexec into a new kernel; absent from older agents and from other answers).
 * The planner uses a host's figures in place of its defaults ({@code kexec_seconds}, a preserved guest's
 * return), docs/cost-model.md.
 *
 * @param kernel    the kernel the host booted into ({@code /proc/version}'s first line)
 * @param toAgentMs from the moment the agent ran the kexec command (its boot marker) to the agent on the new
 *                  kernel taking the restore up, right after its hello: the host's outage before any guest can
 *                  come back. Both ends are the host's wall clock
 * @param restoreMs the longest any one guest took to come back from its kept RAM on the new kernel (from the
 *                  start of its restore to its verified run); null when no guest was restored from kept RAM
 */
public record KernelBoot(String kernel, long toAgentMs, Long restoreMs) {

    public KernelBoot {
        Envelope.requireText(kernel, "kernel");
        if (toAgentMs < 0 || restoreMs != null && restoreMs < 0) {
            throw new IllegalArgumentException("boot times must not be negative");
        }
    }
}
