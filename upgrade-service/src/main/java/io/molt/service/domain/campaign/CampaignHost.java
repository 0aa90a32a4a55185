package io.molt.service.domain.campaign;

import java.time.Instant;
import java.util.Objects;

/**
 * One host of a campaign: a stable state and the step in flight (with its attempt and command id).
 * Every mutator checks the transition table first and takes the time as an argument.
 *
 * @param failedIn  the stable state the host failed in (a resume goes back there), or null
 * @param upgraded  whether the host was switched: its guests came back (RESTORE) after its upgrade
 * @param version   optimistic-locking version of the stored row
 */
public record CampaignHost(
        String campaignId,
        String host,
        int wave,
        int position,
        HostState state,
        Step step,
        int attempt,
        String commandId,
        Instant stepStartedAt,
        String lastError,
        HostState failedIn,
        boolean upgraded,
        Instant updatedAt,
        long version) {

    public CampaignHost {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(state, "state");
    }

    public static CampaignHost pending(String campaignId, String host, int wave, int position, Instant now) {
        return new CampaignHost(campaignId, host, wave, position, HostState.PENDING, null, 0, null, null, null,
                null, false, now, 0);
    }

    public boolean inFlight() {
        return step != null;
    }

    /** Starts {@code next}, first attempt; {@code commandId} is null for steps the engine runs itself. */
    public CampaignHost begin(Step next, String newCommandId, Instant now) {
        if (inFlight()) {
            throw new IllegalTransition("host " + host + " already runs " + step);
        }
        state.requireMoveTo(next.target(upgraded));
        return new CampaignHost(campaignId, host, wave, position, state, next, 1, newCommandId, now, lastError,
                failedIn, upgraded, now, version);
    }

    /** Tries the step in flight again (a new command id for agent steps), noting why. */
    public CampaignHost retry(String newCommandId, String error, Instant now) {
        requireInFlight();
        return new CampaignHost(campaignId, host, wave, position, state, step, attempt + 1, newCommandId, now,
                error, failedIn, upgraded, now, version);
    }

    /** The step in flight succeeded: the host reaches the step's target state. */
    public CampaignHost complete(Instant now) {
        requireInFlight();
        HostState next = state.requireMoveTo(step.target(upgraded));
        boolean nowUpgraded = upgraded || step == Step.RESTORE; // the guests came back on the new hypervisor
        return new CampaignHost(campaignId, host, wave, position, next, null, 0, null, null, null, null,
                nowUpgraded, now, version);
    }

    /** The step in flight failed for good: the host is FAILED and remembers where. */
    public CampaignHost fail(String error, Instant now) {
        state.requireMoveTo(HostState.FAILED);
        return new CampaignHost(campaignId, host, wave, position, HostState.FAILED, step, attempt, commandId,
                stepStartedAt, error, state, upgraded, now, version);
    }

    /** After an operator resumes: back to the state the host failed in, attempts counted afresh. */
    public CampaignHost resume(Instant now) {
        if (state != HostState.FAILED) {
            return this;
        }
        HostState back = state.requireMoveTo(failedIn);
        return new CampaignHost(campaignId, host, wave, position, back, null, 0, null, null, lastError, null,
                upgraded, now, version);
    }

    private void requireInFlight() {
        if (!inFlight()) {
            throw new IllegalTransition("host " + host + " has no step in flight");
        }
    }
}
