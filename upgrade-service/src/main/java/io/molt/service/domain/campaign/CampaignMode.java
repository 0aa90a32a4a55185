package io.molt.service.domain.campaign;

/**
 * How the campaign runs its hosts now: forward, or being aborted (and whether hosts are re-enabled), and
 * whether the agents' hooks run before a host goes down and after it is back (campaign option {@code hooks}).
 */
public record CampaignMode(boolean aborting, boolean reEnableOnAbort, boolean hooks) {

    public static final CampaignMode FORWARD = new CampaignMode(false, true, true);

    /** With hooks on, the default. */
    public CampaignMode(boolean aborting, boolean reEnableOnAbort) {
        this(aborting, reEnableOnAbort, true);
    }
}
