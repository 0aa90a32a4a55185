package io.molt.service.cli;

import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.FrontierPoint;
import io.molt.service.domain.plan.HostStep;
import io.molt.service.domain.plan.Plan;
import io.molt.service.domain.plan.PlanOutcome;
import io.molt.service.domain.plan.PlanTotals;
import io.molt.service.domain.plan.SkippedHost;
import io.molt.service.domain.plan.Violation;
import io.molt.service.domain.plan.VmStep;
import io.molt.service.domain.plan.Wave;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The plan summary a person reads: the plan's figures beside the two baselines, and the first waves. */
final class PlanReport {

    private static final int WAVES_SHOWN = 10;

    private final PrintWriter out;

    PlanReport(PrintWriter out) {
        this.out = out;
    }

    void print(PlanOutcome outcome) {
        if (outcome instanceof PlanOutcome.Infeasible infeasible) {
            out.println("NO SAFE PLAN: " + infeasible.violations().size() + " constraint(s) cannot be met"
                    + (infeasible.violations().size() >= 100 ? " (first 100 shown)" : "") + ":");
            for (Violation violation : infeasible.violations()) {
                out.println("  " + violation.describe());
            }
            out.println();
            out.println("Draft (offending VMs shown as cold restarts):");
            print(infeasible.draft());
        } else if (outcome instanceof PlanOutcome.Planned planned) {
            print(planned.plan());
        }
        out.flush();
    }

    private void print(Plan plan) {
        int hosts = plan.waves().stream().mapToInt(wave -> wave.hosts().size()).sum();
        out.printf(Locale.ROOT, "%s upgrade of %d hosts in %d waves (%d skipped)%n%n", plan.target(), hosts,
                plan.waves().size(), plan.skippedHosts().size());
        out.printf(Locale.ROOT, "%-26s %16s %16s %16s%n", "", "Molt plan", "evacuate-all", "cold-restart-all");
        row("VM downtime total", plan, totals -> hours(totals.totalDowntimeSeconds()));
        row("VM downtime p99", plan, totals -> seconds(totals.p99DowntimeSeconds()));
        row("VM downtime max", plan, totals -> seconds(totals.maxDowntimeSeconds()));
        row("data moved", plan, totals -> String.format(Locale.ROOT, "%.0f GiB", totals.movedGib()));
        row("makespan", plan, totals -> hours(totals.makespanSeconds()));
        row("VMs moved twice", plan, totals -> Integer.toString(totals.vmsMovedTwice()));
        for (Action action : Action.values()) {
            row("  " + action.name().toLowerCase(Locale.ROOT).replace('_', ' '), plan,
                    totals -> Integer.toString(totals.actions().getOrDefault(action, 0)));
        }
        row("  not running (left off)", plan, totals -> Integer.toString(totals.vmsNotRunning()));
        out.println("evacuate-all: each VM live-migrated where its owner's policy and the campaign allow it and it");
        out.println("  converges, else cold-restarted; affinity groups kept together; room assumed everywhere.");
        out.println();
        frontier(plan);
        out.println("Waves" + (plan.waves().size() > WAVES_SHOWN ? " (first " + WAVES_SHOWN + ")" : "") + ":");
        for (Wave wave : plan.waves().subList(0, Math.min(WAVES_SHOWN, plan.waves().size()))) {
            out.printf(Locale.ROOT, "  wave %d: %d host(s), %s, %.1f GiB moved%n", wave.number(), wave.hosts().size(),
                    seconds(wave.durationSeconds()), wave.movedGib());
            for (HostStep host : wave.hosts()) {
                out.printf(Locale.ROOT, "    %-16s %-6s %3d VMs: %s%n", host.host(), host.availabilityZone(),
                        host.vms().size(), actionCounts(host));
            }
        }
        for (SkippedHost skipped : plan.skippedHosts()) {
            out.println("  skipped " + skipped.host() + ": " + skipped.reason());
        }
    }

    /** Every strategy's figures on the same cloud: the trade-off before approving (--strategy picks one). */
    private void frontier(Plan plan) {
        if (plan.frontier().isEmpty()) {
            return;
        }
        out.printf(Locale.ROOT, "%-26s %12s %10s %10s %12s %10s%n", "Strategies on this cloud", "downtime",
                "p99", "max", "data moved", "makespan");
        for (FrontierPoint point : plan.frontier()) {
            PlanTotals totals = point.totals();
            String label = "  " + point.strategy().key() + (point.chosen() ? " (chosen)" : "")
                    + (point.feasible() ? "" : " (no safe plan)");
            out.printf(Locale.ROOT, "%-26s %12s %10s %10s %12s %10s%n", label, hours(totals.totalDowntimeSeconds()),
                    seconds(totals.p99DowntimeSeconds()), seconds(totals.maxDowntimeSeconds()),
                    String.format(Locale.ROOT, "%.0f GiB", totals.movedGib()), hours(totals.makespanSeconds()));
        }
        out.println();
    }

    private void row(String label, Plan plan, Function<PlanTotals, String> value) {
        out.printf(Locale.ROOT, "%-26s %16s %16s %16s%n", label, value.apply(plan.totals()),
                value.apply(plan.evacuateAll()), value.apply(plan.coldRestartAll()));
    }

    private static String actionCounts(HostStep host) {
        Map<Action, Integer> counts = new EnumMap<>(Action.class);
        for (VmStep vm : host.vms()) {
            counts.merge(vm.action(), 1, Integer::sum);
        }
        StringBuilder text = new StringBuilder();
        counts.forEach((action, count) -> text.append(text.length() == 0 ? "" : ", ").append(count).append(' ')
                .append(action.name().toLowerCase(Locale.ROOT).replace('_', ' ')));
        return text.toString();
    }

    static String seconds(double value) {
        return String.format(Locale.ROOT, "%.2f s", value);
    }

    static String hours(double value) {
        long total = Math.round(value);
        return String.format(Locale.ROOT, "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60);
    }
}
