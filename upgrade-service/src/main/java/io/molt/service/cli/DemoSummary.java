package io.molt.service.cli;

import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.HostStep;
import io.molt.service.domain.plan.Plan;
import io.molt.service.domain.plan.PlanTotals;
import io.molt.service.domain.plan.VmStep;
import io.molt.service.domain.plan.Wave;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The demo's end: the plan's prediction, what the simulation did, and the plan's two baselines, side by
 * side. Simulated figures are described in {@link DemoObservation}; data moved is each completed live
 * migration's RAM plus its local disk (none for a volume-backed VM).
 *
 * @param vms          VMs in the cloud before the campaign
 * @param accounted    VMs whose action is DONE (every VM has exactly one action row)
 * @param terminated   VMs deleted as their policy allows
 * @param vmsAfter     VMs in the cloud afterwards
 * @param makespanSeconds     the makespan on the simulation's clocks ({@link SimulatedMakespan})
 * @param paceMakespanSeconds the time the campaign was RUNNING, in wall time divided by the time scale: the
 *                            engine's own pace between steps magnified by the scale is in it
 */
record DemoSummary(Plan plan, DemoObservation seen, int vms, int accounted, int terminated, int vmsAfter,
        List<Double> simulatedDowntimes, double movedGib, double makespanSeconds, double paceMakespanSeconds) {

    static DemoSummary of(Plan plan, DemoObservation seen, CloudSnapshot before, CloudSnapshot after, Instant end,
            double makespanSeconds) {
        List<Double> downtimes = new ArrayList<>();
        for (VmAction vm : seen.vms()) {
            Double seconds = seen.downtimeSeconds(vm);
            downtimes.add(seconds == null ? 0.0 : seconds);
        }
        Map<String, Vm> byUuid = before.vms().stream().collect(Collectors.toMap(Vm::uuid, Function.identity()));
        double moved = 0;
        for (CampaignEvent e : seen.events()) {
            Vm vm = e.type().equals("vm.migrated") ? byUuid.get(e.vmUuid()) : null;
            if (vm != null) {
                moved += vm.flavor().ramMib() / 1024.0 + (vm.volumeBacked() ? 0 : vm.flavor().diskGib());
            }
        }
        Set<String> rows = seen.vms().stream().map(VmAction::vmUuid).collect(Collectors.toSet());
        int accounted = (int) seen.vms().stream().filter(v -> v.state() == VmActionState.DONE
                && byUuid.containsKey(v.vmUuid())).count();
        int terminated = (int) seen.vms().stream().filter(v -> v.action() == Action.TERMINATE
                && v.state() == VmActionState.DONE).count();
        return new DemoSummary(plan, seen, rows.containsAll(byUuid.keySet()) ? before.vms().size() : -1, accounted,
                terminated, after.vms().size(), downtimes, moved, makespanSeconds, seen.runningSeconds(end));
    }

    /** Every VM had a planned action, every action is done, and the ones not terminated are still there. */
    boolean everyVmAccountedFor() {
        return vms > 0 && accounted == vms && vmsAfter + terminated == vms;
    }

    void print(PrintWriter out) {
        PlanTotals predicted = plan.totals();
        out.printf(Locale.ROOT, "%n%-20s %13s %13s %15s %17s%n", "", "predicted", "simulated", "evacuate-all",
                "cold-restart-all");
        row(out, "VM downtime total", PlanReport.hours(predicted.totalDowntimeSeconds()),
                PlanReport.hours(sum(simulatedDowntimes)), PlanReport.hours(plan.evacuateAll().totalDowntimeSeconds()),
                PlanReport.hours(plan.coldRestartAll().totalDowntimeSeconds()));
        row(out, "VM downtime p50", PlanReport.seconds(percentile(predictedPerVm(), 0.50)),
                PlanReport.seconds(percentile(simulatedDowntimes, 0.50)), "-", "-");
        row(out, "VM downtime p99", PlanReport.seconds(predicted.p99DowntimeSeconds()),
                PlanReport.seconds(percentile(simulatedDowntimes, 0.99)),
                PlanReport.seconds(plan.evacuateAll().p99DowntimeSeconds()),
                PlanReport.seconds(plan.coldRestartAll().p99DowntimeSeconds()));
        row(out, "worst VM", PlanReport.seconds(predicted.maxDowntimeSeconds()),
                PlanReport.seconds(simulatedDowntimes.stream().mapToDouble(d -> d).max().orElse(0)),
                PlanReport.seconds(plan.evacuateAll().maxDowntimeSeconds()),
                PlanReport.seconds(plan.coldRestartAll().maxDowntimeSeconds()));
        row(out, "data moved", gib(predicted.movedGib()), gib(movedGib), gib(plan.evacuateAll().movedGib()),
                gib(plan.coldRestartAll().movedGib()));
        row(out, "makespan", PlanReport.hours(predicted.makespanSeconds()), PlanReport.hours(makespanSeconds),
                PlanReport.hours(plan.evacuateAll().makespanSeconds()),
                PlanReport.hours(plan.coldRestartAll().makespanSeconds()));
        row(out, "  wall / time scale", "-", PlanReport.hours(paceMakespanSeconds), "-", "-");
        for (Action action : Action.values()) {
            row(out, "  " + action.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    Integer.toString(predicted.actions().getOrDefault(action, 0)),
                    Long.toString(seen.count(action, true)),
                    Integer.toString(plan.evacuateAll().actions().getOrDefault(action, 0)),
                    Integer.toString(plan.coldRestartAll().actions().getOrDefault(action, 0)));
        }
        out.println(ratios(predicted, plan.evacuateAll(), plan.coldRestartAll()));
        out.printf(Locale.ROOT, "%nVMs: %d before, %d accounted for (%d running afterwards, %d terminated as their "
                + "policy allows)%s%n", Math.max(vms, 0), accounted, vmsAfter, terminated,
                everyVmAccountedFor() ? "" : "  <-- NOT every VM is accounted for");
        out.flush();
    }

    /**
     * One line of Molt's predicted ratios: data moved and makespan against evacuate-all, VM downtime against
     * cold-restart-all, e.g. {@code Molt against evacuate-all: 6.1x less data moved, 2.3x shorter makespan}.
     */
    static String ratios(PlanTotals molt, PlanTotals evacuate, PlanTotals cold) {
        return "Molt against evacuate-all: " + ratio(evacuate.movedGib(), molt.movedGib(), "less data moved",
                "more data moved") + ", " + ratio(evacuate.makespanSeconds(), molt.makespanSeconds(),
                "shorter makespan", "longer makespan") + "; against cold-restart-all: "
                + ratio(cold.totalDowntimeSeconds(), molt.totalDowntimeSeconds(), "less VM downtime",
                        "more VM downtime");
    }

    private static String ratio(double baseline, double molt, String better, String worse) {
        if (molt <= 0) {
            return baseline <= 0 ? "the same (none either way)" : "none at all (" + better + ")";
        }
        return baseline >= molt ? String.format(Locale.ROOT, "%.1fx %s", baseline / molt, better)
                : String.format(Locale.ROOT, "%.1fx %s", molt / baseline, worse);
    }

    /** Each VM's predicted downtime over all its steps in the plan (a VM moved twice has two). */
    private List<Double> predictedPerVm() {
        Map<String, Double> perVm = new HashMap<>();
        for (Wave wave : plan.waves()) {
            for (HostStep host : wave.hosts()) {
                for (VmStep vm : host.vms()) {
                    perVm.merge(vm.vmUuid(), vm.downtimeSeconds(), Double::sum);
                }
            }
        }
        return new ArrayList<>(perVm.values());
    }

    private static void row(PrintWriter out, String label, String predicted, String simulated, String evacuate,
            String cold) {
        out.printf(Locale.ROOT, "%-20s %13s %13s %15s %17s%n", label, predicted, simulated, evacuate, cold);
    }

    static double percentile(Collection<Double> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static double sum(List<Double> values) {
        return values.stream().mapToDouble(d -> d).sum();
    }

    private static String gib(double value) {
        return String.format(Locale.ROOT, "%.0f GiB", value);
    }
}
