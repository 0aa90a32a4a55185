package io.molt.service.domain.campaign;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The stable states of a host in a campaign (DESIGN.md section 6), with the allowed moves in one table.
 * The forward path is PENDING, PRECHECKED, PREPARED, DISABLED, EVACUATED, UPGRADED, PRESERVED, RESTORED,
 * VERIFIED, ENABLED, RETURNED, DONE: the operator's upgrade command runs while the guests that stay still
 * run, and they go down only for the switch (ADR 0007). PREPARED and RETURNED follow the agent's hooks
 * before the host goes down and after it is back (ADR 0020); a campaign with hooks off goes from PRECHECKED
 * to DISABLED and from ENABLED to DONE. An abort takes a host in flight back to ENABLED (re-enabled,
 * guests restored), through RETURNED (its after-up hook, also from PREPARED), and then to SKIPPED when it
 * was never switched. FAILED is left only by a resume, to the state it failed in.
 */
public enum HostState {
    PENDING, PRECHECKED, PREPARED, DISABLED, EVACUATED, UPGRADED, PRESERVED, RESTORED, VERIFIED, ENABLED, RETURNED,
    DONE, FAILED, SKIPPED;

    private static final Map<HostState, Set<HostState>> ALLOWED = Map.ofEntries(
            Map.entry(PENDING, EnumSet.of(PRECHECKED, SKIPPED, FAILED)),
            Map.entry(PRECHECKED, EnumSet.of(PREPARED, DISABLED, SKIPPED, FAILED)),
            Map.entry(PREPARED, EnumSet.of(DISABLED, RETURNED, FAILED)),
            Map.entry(DISABLED, EnumSet.of(EVACUATED, ENABLED, SKIPPED, FAILED)),
            Map.entry(EVACUATED, EnumSet.of(UPGRADED, ENABLED, SKIPPED, FAILED)),
            Map.entry(UPGRADED, EnumSet.of(PRESERVED, ENABLED, SKIPPED, FAILED)),
            Map.entry(PRESERVED, EnumSet.of(RESTORED, FAILED)),
            Map.entry(RESTORED, EnumSet.of(VERIFIED, FAILED)),
            Map.entry(VERIFIED, EnumSet.of(ENABLED, FAILED)),
            Map.entry(ENABLED, EnumSet.of(RETURNED, DONE, SKIPPED, FAILED)),
            Map.entry(RETURNED, EnumSet.of(DONE, SKIPPED, FAILED)),
            Map.entry(FAILED, EnumSet.of(PENDING, PRECHECKED, PREPARED, DISABLED, EVACUATED, UPGRADED, PRESERVED,
                    RESTORED, VERIFIED, ENABLED, RETURNED)),
            Map.entry(DONE, EnumSet.noneOf(HostState.class)),
            Map.entry(SKIPPED, EnumSet.noneOf(HostState.class)));

    public boolean canMoveTo(HostState next) {
        return ALLOWED.get(this).contains(next);
    }

    public HostState requireMoveTo(HostState next) {
        if (!canMoveTo(next)) {
            throw new IllegalTransition("host cannot go from " + this + " to " + next + "; from " + this
                    + " it may go to " + ALLOWED.get(this));
        }
        return next;
    }

    /** DONE or SKIPPED: nothing more happens to the host. */
    public boolean isFinal() {
        return ALLOWED.get(this).isEmpty();
    }

    /**
     * Whether the host's compute service is (or may be) disabled by the campaign in this state. PREPARED (before
     * the disable) and RETURNED (after the re-enable) are not.
     */
    public boolean isTakenDown() {
        return this != PENDING && this != PRECHECKED && this != PREPARED && this != RETURNED && !isFinal();
    }
}
