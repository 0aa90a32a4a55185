package io.molt.service.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import io.molt.service.domain.cloud.Vm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Molt's plan against the evacuate-all baseline over generated clouds. The baseline with room everywhere
 * (the lower bound of the plan's rolled evacuation) is recomputed here from its rules (an owner's {@code preserve} or the campaign rules a migration out, special devices and a
 * migration that does not converge make it impossible, a hard affinity group's members on a host move
 * together), and Molt may be above it for a VM only for a reason the plan states:
 * <ul>
 *   <li>a second step: the VM was moved to a host upgraded later (no upgraded host had room);</li>
 *   <li>the downtime slack: an action sending less data, at most the slack slower;</li>
 *   <li>no room: no host in the zone could take the VM (the lower bound assumes room everywhere).</li>
 * </ul>
 */
class BaselinePropertiesTest {

    private static final double EPSILON = 1e-6;

    @Property(tries = 300)
    void moltIsAboveTheEvacuationBaselineOnlyWhereThePlanSaysWhy(@ForAll("clouds") SyntheticCloudSpec spec,
            @ForAll UpgradeTarget target, @ForAll("options") CampaignOptions options) {
        CloudSnapshot cloud = SyntheticCloud.generate(spec);
        PlanOutcome outcome = new UpgradePlanner().plan(cloud, target, options);
        if (!(outcome instanceof PlanOutcome.Planned feasible)) {
            return;
        }
        Plan plan = feasible.plan();
        Set<String> planned = new HashSet<>();
        plan.waves().forEach(wave -> wave.hosts().forEach(host -> planned.add(host.host())));
        Map<String, Double> baseline = evacuation(cloud, planned, target, options);
        double roomEverywhere = baseline.values().stream().mapToDouble(Double::doubleValue).sum();
        if (new EvacuationRules(cloud, target, options).sameAsRolled(plan.evacuateAll(), cloud, planned)) {
            assertThat(plan.evacuateAll().totalDowntimeSeconds()).as("evacuate-all total, recomputed from its rules")
                    .isCloseTo(roomEverywhere, within(1e-3));
        } else {
            assertThat(plan.evacuateAll().totalDowntimeSeconds()).as("rolled evacuate-all, moves again or restarts")
                    .isGreaterThan(roomEverywhere - 1e-3);
            Statistics.label("evacuation rolled").collect("moves again or restarts for want of room");
        }

        Map<String, List<VmStep>> steps = new HashMap<>();
        plan.waves().forEach(wave -> wave.hosts().forEach(host -> host.vms().forEach(step ->
                steps.computeIfAbsent(step.vmUuid(), uuid -> new ArrayList<>()).add(step))));
        double explained = 0;
        List<String> unexplained = new ArrayList<>();
        for (Map.Entry<String, List<VmStep>> entry : steps.entrySet()) {
            double molt = entry.getValue().stream().mapToDouble(VmStep::downtimeSeconds).sum();
            double above = molt - baseline.getOrDefault(entry.getKey(), 0.0);
            if (above <= EPSILON) {
                continue;
            }
            String why = why(entry.getValue(), above, options);
            if (why == null) {
                unexplained.add(entry.getKey() + " +" + above + " s: " + entry.getValue().get(0).reason().text());
            } else {
                Statistics.label("above the baseline").collect(why);
                explained += above;
            }
        }
        assertThat(unexplained).as("VMs above the evacuate-all baseline with no stated reason").isEmpty();
        assertThat(plan.totals().totalDowntimeSeconds() - roomEverywhere)
                .as("Molt above evacuate-all with room everywhere").isLessThanOrEqualTo(explained + 1e-3);
    }

    /** Why a VM's downtime in the plan is above its baseline figure, or null if the plan does not say. */
    private static String why(List<VmStep> steps, double above, CampaignOptions options) {
        if (steps.size() > 1) {
            return "second step";
        }
        Reason reason = steps.get(0).reason();
        double slack = reason.rule() == Reason.Rule.LESS_DATA_WITHIN_SLACK ? options.downtimeSlackMs() / 1000.0 : 0;
        if (slack > 0 && above <= slack + EPSILON) {
            return "within the slack";
        }
        double wait = reason.notes().stream().filter(note -> note.startsWith(VmWork.WAIT_NOTE))
                .mapToDouble(note -> Double.parseDouble(note.substring(VmWork.WAIT_NOTE.length(),
                        note.indexOf(" s more")))).sum();
        if (wait > 0 && above <= slack + wait + 0.05 + EPSILON) {
            return "waits for the host's other guests";
        }
        if (reason.notes().stream().anyMatch(note -> note.contains("its affinity group stays together"))) {
            return "its affinity group stays";
        }
        if ((reason.rule() == Reason.Rule.CAMPAIGN_COST || reason.rule() == Reason.Rule.BEST_REMAINING)
                && reason.limitMs() != null
                && steps.get(0).downtimeSeconds() * 1000 <= reason.limitMs() + EPSILON) {
            return "the campaign's cost, within the VM's limit";
        }
        if (reason.notes().stream().anyMatch(note -> note.startsWith("no live migration: no host in")
                && note.contains("has room"))) {
            return "no room";
        }
        return null;
    }

    /** Each running VM's evacuate-all downtime on the hosts planned, from the baseline's rules. */
    private static Map<String, Double> evacuation(CloudSnapshot cloud, Set<String> planned, UpgradeTarget target,
            CampaignOptions options) {
        EvacuationRules rules = new EvacuationRules(cloud, target, options);
        double cold = rules.costs.coldRestart(target).downtimeSeconds();
        Map<String, Double> downtime = new HashMap<>();
        for (Vm vm : cloud.vms()) {
            if (vm.state().running() && planned.contains(vm.host())) {
                ActionCost move = rules.move(vm.uuid());
                downtime.put(vm.uuid(), move != null ? move.downtimeSeconds() : cold);
            }
        }
        return downtime;
    }

    @Provide
    Arbitrary<SyntheticCloudSpec> clouds() {
        return new PlanPropertiesTest().clouds();
    }

    @Provide
    Arbitrary<CampaignOptions> options() {
        return new PlanPropertiesTest().options();
    }
}
