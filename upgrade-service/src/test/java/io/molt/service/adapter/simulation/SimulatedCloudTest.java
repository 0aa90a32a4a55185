package io.molt.service.adapter.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.CostParameters;
import io.molt.service.domain.plan.PlanOutcome;
import io.molt.service.domain.plan.UpgradePlanner;
import io.molt.service.domain.plan.UpgradeTarget;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The simulated Nova reports the cloud it was given: what the service plans is what bench plan plans. */
class SimulatedCloudTest {

    @Test
    void aHostsUseCountsTheLocalDiskOnlyAsPlacementDoesSoTheSameCloudPlansTheSame() {
        CloudSnapshot generated = SyntheticCloud.generate(SyntheticCloudSpec.of(500, 40, 7));
        CloudSnapshot simulated = new SimulatedCloud(generated, new SimulatedTimings(CostParameters.DEFAULTS, 0.004))
                .snapshot();

        Map<String, Host> byName = simulated.hosts().stream().collect(Collectors.toMap(Host::name, Function.identity()));
        assertThat(generated.hosts()).allSatisfy(h -> assertThat(byName.get(h.name()).used()).as(h.name())
                .isEqualTo(h.used()));
        // before, volume-backed servers' disks were counted on their hosts: no room, and no safe plan
        CampaignOptions options = CampaignOptions.builder().maxHostsDown(5, 5, 1).build();
        assertThat(new UpgradePlanner().plan(simulated, UpgradeTarget.KERNEL, options))
                .isInstanceOf(PlanOutcome.Planned.class);
    }
}
