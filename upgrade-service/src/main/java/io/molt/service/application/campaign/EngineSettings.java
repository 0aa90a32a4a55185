package io.molt.service.application.campaign;

import io.molt.service.domain.campaign.StepLimits;
import java.time.Duration;

/**
 * What the engine needs from configuration (bound from {@code molt.engine.*} by the config layer).
 *
 * @param owner            this replica's name as lease owner (unique per process)
 * @param leaseTtl         a campaign's lease lasts this long unless renewed; another replica takes over after
 * @param agentOfflineAfter an agent silent this long counts as offline
 * @param migrationTimeout one live migration is given up (and the step retried) after this long
 * @param noValidHostWait  a live migration Nova refuses with "no valid host" is asked again for this long: Nova's
 *                         scheduler may still count a guest on the host it just left (see {@link Evacuation})
 * @param limits           attempt caps and agent step timeouts
 */
public record EngineSettings(String owner, Duration leaseTtl, Duration agentOfflineAfter, Duration migrationTimeout,
        Duration noValidHostWait, StepLimits limits) {

    /** The same settings for another replica. */
    public EngineSettings withOwner(String newOwner) {
        return new EngineSettings(newOwner, leaseTtl, agentOfflineAfter, migrationTimeout, noValidHostWait, limits);
    }
}
