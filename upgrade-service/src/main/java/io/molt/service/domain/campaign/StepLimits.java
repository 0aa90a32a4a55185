package io.molt.service.domain.campaign;

import java.time.Duration;
import java.util.Objects;

/**
 * Attempt caps and time limits of host steps.
 *
 * @param maxAttempts    attempts of one step before the host fails (transient errors count)
 * @param agentTimeout   an agent step not answered within this is tried again (or fails at the cap)
 * @param upgradeTimeout the same for the upgrade step, which runs the operator's command, for the restore,
 *                       which may first take the host through a kexec or a reboot, and for the hooks (the
 *                       agent kills a hook after its {@code hooks.timeout}, at most 25 minutes)
 */
public record StepLimits(int maxAttempts, Duration agentTimeout, Duration upgradeTimeout) {

    public static final StepLimits DEFAULTS = new StepLimits(3, Duration.ofMinutes(5), Duration.ofMinutes(30));

    public StepLimits {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(agentTimeout, "agentTimeout");
        Objects.requireNonNull(upgradeTimeout, "upgradeTimeout");
    }

    public Duration timeoutOf(Step step) {
        return step == Step.UPGRADE || step == Step.RESTORE || step.isHook() ? upgradeTimeout : agentTimeout;
    }
}
