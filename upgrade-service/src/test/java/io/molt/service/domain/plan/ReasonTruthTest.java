package io.molt.service.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A reason says what the plan does: a VM told it "gets a second step" on its destination has a later step
 * there, and a VM whose step says it was "moved here earlier" was live-migrated there in an earlier step.
 * Tight clouds (full hosts, wide hosts-down limits) make the planner use destinations not yet upgraded.
 */
class ReasonTruthTest {

    private record Seen(int wave, String host, VmStep step) {
    }

    @Test
    void secondStepsAnnouncedAreSecondStepsPlanned() {
        int announced = 0;
        for (long seed = 1; seed <= 6; seed++) {
            for (double fill : new double[] {0.85, 0.95}) {
                CloudSnapshot cloud = SyntheticCloud.generate(new SyntheticCloudSpec(24, 10, seed, 2, 6, 0.3, fill,
                        0.05, 0, 0));
                for (UpgradeTarget target : UpgradeTarget.values()) {
                    int down = 1 + (int) (seed % 4);
                    PlanOutcome outcome = new UpgradePlanner().plan(cloud, target,
                            CampaignOptions.builder().maxHostsDown(down, down, down).build());
                    Plan plan = outcome instanceof PlanOutcome.Planned p ? p.plan()
                            : ((PlanOutcome.Infeasible) outcome).draft();
                    announced += check(plan);
                }
            }
        }
        assertThat(announced).as("clouds tight enough to need second steps").isPositive();
    }

    private static int check(Plan plan) {
        Map<String, List<Seen>> byVm = new HashMap<>();
        for (Wave wave : plan.waves()) {
            for (HostStep host : wave.hosts()) {
                for (VmStep step : host.vms()) {
                    byVm.computeIfAbsent(step.vmUuid(), v -> new ArrayList<>()).add(new Seen(wave.number(),
                            host.host(), step));
                }
            }
        }
        int announced = 0;
        for (List<Seen> steps : byVm.values()) {
            for (int i = 0; i < steps.size(); i++) {
                Seen seen = steps.get(i);
                String text = seen.step().reason().text();
                if (text.contains("gets a second step there")) {
                    announced++;
                    assertThat(seen.step().action()).as(text).isEqualTo(Action.LIVE_MIGRATE);
                    assertThat(steps.subList(i + 1, steps.size())).as("VM %s: %s", seen.step().vmUuid(), text)
                            .anyMatch(later -> later.host().equals(seen.step().destination())
                                    && later.wave() > seen.wave());
                }
                if (text.contains("moved here earlier")) {
                    assertThat(steps.subList(0, i)).as("VM %s: %s", seen.step().vmUuid(), text)
                            .anyMatch(earlier -> earlier.step().action() == Action.LIVE_MIGRATE
                                    && seen.host().equals(earlier.step().destination()));
                }
            }
        }
        return announced;
    }
}
