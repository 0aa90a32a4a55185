package io.molt.service.cli;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.plan.Plan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The end of the demo's run: how long the campaign took, the {@link DemoSummary} table, and the
 * {@link TimelineHtml} page (with the same table) written to the data directory.
 */
final class DemoReport {

    private final PrintWriter out;
    private final Path timeline;
    private final Path log;

    DemoReport(PrintWriter out, Path dataDir, Path log) {
        this.out = out;
        this.timeline = dataDir.resolve("timeline.html");
        this.log = log;
    }

    /**
     * Prints the end of the run, writes the timeline; {@code before} and {@code after} are the simulated cloud,
     * {@code makespanSeconds} the makespan on the simulation's clocks ({@link SimulatedMakespan}).
     */
    DemoResult write(String title, Plan plan, DemoObservation seen, CloudSnapshot before, CloudSnapshot after,
            String faultHost, double makespanSeconds) throws IOException {
        Instant end = seen.events().isEmpty() ? Instant.now() : seen.events().get(seen.events().size() - 1).occurredAt();
        DemoSummary summary = DemoSummary.of(plan, seen, before, after, end, makespanSeconds);
        StringWriter table = new StringWriter();
        summary.print(new PrintWriter(table));
        out.printf(Locale.ROOT, "%nCampaign %s after %d s of wall time (%s of simulated time running; %s of wall time "
                + "running divided by the time scale).%n", seen.campaign().state(),
                Duration.between(seen.started(), end).toSeconds(), PlanReport.hours(summary.makespanSeconds()),
                PlanReport.hours(summary.paceMakespanSeconds()));
        out.print(table);
        TimelineHtml.write(timeline, title, table.toString(), seen, end);
        out.println("Timeline: file://" + timeline + "     service log: " + log);
        out.flush();
        return new DemoResult(seen, summary.everyVmAccountedFor(), before.vms().size(), timeline, faultHost);
    }
}
