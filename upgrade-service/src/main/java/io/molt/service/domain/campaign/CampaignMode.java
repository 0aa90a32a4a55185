package io.molt.service.domain.campaign;

/** How the campaign runs its hosts now: forward, or being aborted (and whether hosts are re-enabled). */
public record CampaignMode(boolean aborting, boolean reEnableOnAbort) {

    public static final CampaignMode FORWARD = new CampaignMode(false, true);
}
