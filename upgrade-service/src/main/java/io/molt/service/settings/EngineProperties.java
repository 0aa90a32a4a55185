package io.molt.service.settings;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The campaign engine ({@code molt.engine.*}); documented in docs/configuration.md.
 *
 * @param enabled            whether this replica runs the reconcile loop (the API works either way)
 * @param tick               pause between passes
 * @param leaseTtl           a campaign's lease; another replica takes over this long after a writer died
 * @param maxAttempts        attempts of one host step before the host fails and the campaign pauses
 * @param agentStepTimeout   an agent step unanswered this long is tried again
 * @param upgradeStepTimeout the same for the upgrade step
 * @param migrationTimeout   one live migration is given up after this long
 * @param noValidHostWait    a live migration refused for "no valid host" is asked again for this long (Nova's
 *                           scheduler learns that a guest left a host only at its next instance sync)
 * @param retryBackoff       an engine or Nova step that failed waits this long before its second attempt, twice
 *                           as long before each further one ({@code 0s}: no wait)
 * @param retryBackoffMax    no attempt waits longer than this
 * @param replicaName        this replica's name as a campaign's lease owner (and in its log); empty: the host
 *                           name and a random suffix. Must differ between replicas (a pod name, say)
 */
@Validated
@ConfigurationProperties("molt.engine")
public record EngineProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1s") Duration tick,
        @DefaultValue("30s") Duration leaseTtl,
        @DefaultValue("3") @Min(1) int maxAttempts,
        @DefaultValue("5m") Duration agentStepTimeout,
        @DefaultValue("30m") Duration upgradeStepTimeout,
        @DefaultValue("15m") Duration migrationTimeout,
        @DefaultValue("150s") Duration noValidHostWait,
        @DefaultValue("") String replicaName,
        @DefaultValue("5s") Duration retryBackoff,
        @DefaultValue("1m") Duration retryBackoffMax) {

    public EngineProperties {
        if (tick.isNegative() || tick.isZero() || leaseTtl.compareTo(tick.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("molt.engine.tick must be positive and molt.engine.lease-ttl at least "
                    + "two ticks (was tick " + tick + ", lease-ttl " + leaseTtl + ")");
        }
        if (retryBackoff.isNegative() || retryBackoffMax.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("molt.engine.retry-backoff must not be negative and "
                    + "molt.engine.retry-backoff-max not below it (were " + retryBackoff + " and " + retryBackoffMax
                    + ")");
        }
    }
}
