package io.molt.service.application.campaign;

import io.molt.service.domain.campaign.HostSelector;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.UpgradeTarget;

/** What an operator asks for when creating a campaign. */
public record CampaignRequest(String name, HostSelector hosts, UpgradeTarget target, UpgradeSpec upgrade,
        CampaignOptions options, String createdBy) {
}
