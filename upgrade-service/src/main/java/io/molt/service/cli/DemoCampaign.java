package io.molt.service.cli;

import io.molt.service.application.campaign.CampaignRequest;
import io.molt.service.application.campaign.CampaignService;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.HostSelector;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.Plan;
import io.molt.service.domain.plan.PlanOutcome;
import io.molt.service.domain.plan.Strategy;
import io.molt.service.domain.plan.UpgradePlanner;
import io.molt.service.domain.plan.UpgradeTarget;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The demo's campaign over every host of the cloud, created through the service's {@link CampaignService}
 * (snapshot, plan, stored as a dry run, not yet approved), and the same plan made again over the cloud
 * before the campaign: the prediction the summary compares with.
 */
record DemoCampaign(Campaign campaign, Plan plan, CampaignOptions options) {

    static DemoCampaign create(CampaignService service, CloudSnapshot before, UpgradeTarget target, int maxDown,
            Strategy strategy) {
        CampaignOptions options = CampaignOptions.builder().maxHostsDown(maxDown, maxDown, maxDown).strategy(strategy)
                .build();
        List<String> hosts = before.hosts().stream().map(Host::name).toList();
        Campaign campaign = service.create(new CampaignRequest("demo: " + target.name().toLowerCase(Locale.ROOT)
                + " upgrade", new HostSelector(hosts, null, null), target, new UpgradeSpec(List.of("apt-get",
                "install", "-y", "linux-image-amd64", "qemu-system-x86"), 1800, null), options, "molt demo"));
        Plan plan = ((PlanOutcome.Planned) new UpgradePlanner().plan(before, target,
                options.toBuilder().hosts(Set.copyOf(hosts)).build())).plan();
        return new DemoCampaign(campaign, plan, options);
    }

    String id() {
        return campaign.id();
    }

    /** The campaign's address in the service's API. */
    String api(int port) {
        return "http://127.0.0.1:" + port + "/v1/campaigns/" + campaign.id();
    }
}
