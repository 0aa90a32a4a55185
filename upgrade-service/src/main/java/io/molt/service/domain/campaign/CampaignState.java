package io.molt.service.domain.campaign;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Where a campaign is; the allowed moves are in one table, checked by {@link #requireMoveTo}. */
public enum CampaignState {
    /** Planned and stored as a dry run: nothing has been touched. */
    PLANNED,
    /** An operator approved the plan; the engine starts it on its next pass. */
    APPROVED,
    /** The engine is upgrading hosts. */
    RUNNING,
    /** Stopped at a safe point (by an operator or after a step failure); in-flight agent commands finish. */
    PAUSED,
    /**
     * Stopping: hosts in flight are brought back (re-enabled, guests restored), pending hosts skipped. It ends
     * only in ABORTED: neither pause nor resume leads out of it (a host that fails while aborting is tried again
     * by a new abort request).
     */
    ABORTING,
    ABORTED,
    DONE,
    FAILED;

    private static final Map<CampaignState, Set<CampaignState>> ALLOWED = Map.of(
            PLANNED, EnumSet.of(APPROVED, ABORTED),
            APPROVED, EnumSet.of(RUNNING, PAUSED, ABORTING),
            RUNNING, EnumSet.of(PAUSED, ABORTING, DONE, FAILED),
            PAUSED, EnumSet.of(RUNNING, ABORTING),
            ABORTING, EnumSet.of(ABORTED),
            ABORTED, EnumSet.noneOf(CampaignState.class),
            DONE, EnumSet.noneOf(CampaignState.class),
            FAILED, EnumSet.noneOf(CampaignState.class));

    public boolean canMoveTo(CampaignState next) {
        return ALLOWED.get(this).contains(next);
    }

    /** Throws {@link IllegalTransition} unless the table allows the move. */
    public CampaignState requireMoveTo(CampaignState next) {
        if (!canMoveTo(next)) {
            throw new IllegalTransition("campaign cannot go from " + this + " to " + next + "; from " + this
                    + " it may go to " + ALLOWED.get(this));
        }
        return next;
    }

    public boolean isFinal() {
        return ALLOWED.get(this).isEmpty();
    }

    /**
     * Whether the engine works on a campaign in this state; a PAUSED one only for its hosts whose guests are
     * down ({@link CampaignDecider}).
     */
    public boolean isActive() {
        return this == APPROVED || this == RUNNING || this == PAUSED || this == ABORTING;
    }
}
