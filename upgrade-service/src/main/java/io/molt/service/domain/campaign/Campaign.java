package io.molt.service.domain.campaign;

import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.UpgradeTarget;
import java.time.Instant;
import java.util.Objects;

/**
 * An upgrade campaign: what the operator asked for and where the campaign is. Its plan document (JSON, shown
 * as is) is stored beside it once, at creation, and read only when asked for ({@code Campaigns.planDocument}):
 * at 400,000 VMs it is about 160 MB, which no read or update of the campaign should carry.
 *
 * @param reEnableOnAbort whether an abort re-enables hosts the campaign disabled
 * @param version         optimistic-locking version of the stored row
 */
public record Campaign(
        String id,
        String name,
        CampaignState state,
        String stateReason,
        UpgradeTarget target,
        HostSelector selector,
        CampaignOptions options,
        UpgradeSpec upgrade,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        boolean reEnableOnAbort,
        long version) {

    public Campaign {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(upgrade, "upgrade");
    }

    /** The same campaign in {@code next}, checked against the transition table, with the reason recorded. */
    public Campaign moveTo(CampaignState next, String reason, Instant now) {
        state.requireMoveTo(next);
        return new Campaign(id, name, next, reason, target, selector, options, upgrade, createdBy,
                createdAt, now, reEnableOnAbort, version);
    }

    /** The same campaign in the same state with a new reason (e.g. what an aborting campaign waits for). */
    public Campaign withReason(String reason, Instant now) {
        return new Campaign(id, name, state, reason, target, selector, options, upgrade, createdBy,
                createdAt, now, reEnableOnAbort, version);
    }

    public Campaign withReEnableOnAbort(boolean value) {
        return new Campaign(id, name, state, stateReason, target, selector, options, upgrade, createdBy,
                createdAt, updatedAt, value, version);
    }

    public CampaignMode mode() {
        return new CampaignMode(state == CampaignState.ABORTING, reEnableOnAbort, options.hooks());
    }

    /** The reason written on hosts this campaign disables. */
    public String disabledReason() {
        return "molt campaign " + id;
    }
}
