package io.molt.service.domain.campaign;

import java.time.Duration;
import java.util.Objects;

/**
 * Attempt caps and time limits of host steps.
 *
 * @param maxAttempts     attempts of one step before the host fails (transient errors count)
 * @param agentTimeout    an agent step not answered within this is tried again (or fails at the cap)
 * @param upgradeTimeout  the same for the upgrade step, which runs the operator's command, for the restore,
 *                        which may first take the host through a kexec or a reboot, and for the hooks (the
 *                        agent kills a hook after its {@code hooks.timeout}, at most 25 minutes)
 * @param retryBackoff    the wait before the second attempt of an engine or Nova step; each further attempt
 *                        waits twice as long as the one before ({@link #retryWait}); zero: no wait
 * @param retryBackoffMax no attempt waits longer than this
 */
public record StepLimits(int maxAttempts, Duration agentTimeout, Duration upgradeTimeout, Duration retryBackoff,
        Duration retryBackoffMax) {

    public static final StepLimits DEFAULTS = new StepLimits(3, Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofSeconds(5), Duration.ofMinutes(1));

    public StepLimits {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        Objects.requireNonNull(agentTimeout, "agentTimeout");
        Objects.requireNonNull(upgradeTimeout, "upgradeTimeout");
        if (retryBackoff.isNegative() || retryBackoffMax.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("retryBackoff must not be negative nor retryBackoffMax below it (were "
                    + retryBackoff + " and " + retryBackoffMax + ")");
        }
    }

    /** Limits whose retries do not wait. */
    public StepLimits(int maxAttempts, Duration agentTimeout, Duration upgradeTimeout) {
        this(maxAttempts, agentTimeout, upgradeTimeout, Duration.ZERO, Duration.ZERO);
    }

    /**
     * How long attempt {@code attempt} (2 or more) of {@code step} waits after the attempt before it failed:
     * {@code retryBackoff} doubled for each attempt after the second, at most {@code retryBackoffMax}. Agent steps
     * do not wait: their retry follows the agent's silence past its timeout, or its failure, and sends a command
     * at once.
     */
    public Duration retryWait(Step step, int attempt) {
        if (step.byAgent() || attempt < 2 || retryBackoff.isZero()) {
            return Duration.ZERO;
        }
        Duration wait = retryBackoff;
        for (int i = 2; i < attempt && wait.compareTo(retryBackoffMax) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(retryBackoffMax) > 0 ? retryBackoffMax : wait;
    }

    public Duration timeoutOf(Step step) {
        return step == Step.UPGRADE || step == Step.RESTORE || step.isHook() ? upgradeTimeout : agentTimeout;
    }
}
