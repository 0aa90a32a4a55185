package io.molt.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.HostState;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * The demo's small form end to end, in-process (embedded PostgreSQL and broker, the service on the
 * simulated cloud, a real campaign), once with each fault: the faulty host's step fails at both attempts,
 * the campaign pauses, the demo heals the fault and resumes, and the campaign ends DONE with every host
 * done and every VM accounted for. About 15 s a fault.
 */
class DemoIT {

    /** Simulated seconds no VM of the small form gets near: a wall-time gap times 1000 would pass it. */
    private static final long MAX_DOWNTIME_MS = 600_000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    @EnumSource(value = DemoFault.Kind.class, names = {"MIGRATION", "SILENT_AGENT", "UPGRADE", "HOOK"})
    void theCampaignPausesOnTheFaultResumesAndEndsDoneWithEveryVmAccountedFor(DemoFault.Kind fault) throws Exception {
        StringWriter out = new StringWriter();
        DemoResult result = demo(fault, out);
        String printed = out.toString();
        List<CampaignEvent> events = result.seen().events();

        assertThat(result.state()).as(printed).isEqualTo(CampaignState.DONE);
        assertThat(campaignStates(events)).as(printed)
                .containsSubsequence("campaign.running", "campaign.paused", "campaign.running", "campaign.done")
                .endsWith("campaign.done")
                .filteredOn("campaign.paused"::equals).hasSize(1);
        assertThat(events).as(printed)
                .filteredOn(e -> e.type().equals("host.failed"))
                .singleElement()
                .satisfies(e -> assertThat(e.host()).isEqualTo(result.faultHost()))
                .satisfies(e -> assertThat(e.message()).startsWith(failingStep(fault) + " failed on "));
        assertThat(result.seen().hosts()).as(printed).hasSize(8).extracting(CampaignHost::state)
                .containsOnly(HostState.DONE);
        assertThat(result.vms()).isEqualTo(48);
        assertThat(result.seen().vms()).hasSize(48).extracting(VmAction::state).containsOnly(VmActionState.DONE);
        assertThat(result.everyVmAccountedFor()).as(printed).isTrue();
        assertThat(result.seen().vms()).filteredOn(v -> !v.leavesHost())
                .allSatisfy(v -> assertThat(v.actualDowntimeMs()).isNotNull().isBetween(0L, MAX_DOWNTIME_MS));
        if (fault == DemoFault.Kind.MIGRATION) {
            assertThat(events).filteredOn(e -> e.type().equals("vm.migration.failed")).hasSizeGreaterThanOrEqualTo(2);
        }

        assertThat(printed).contains("PAUSED: host " + result.faultHost()).contains("resumed")
                .contains("48 accounted for");
        assertThat(Files.readString(result.timeline())).contains("<svg").contains("EVACUATE".toLowerCase());
        assertThat(dir.resolve("data").resolve("postgres")).doesNotExist();
    }

    private DemoResult demo(DemoFault.Kind fault, StringWriter out) throws Exception {
        DemoCommand demo = new DemoCommand();
        CommandLine cli = new CommandLine(demo);
        cli.setOut(new PrintWriter(out));
        cli.parseArgs("--hosts", "8", "--vms-per-host", "6", "--time-scale", "0.001", "--fault", fault.name(),
                "--resume-after", "1", "--port", "0", "--data-dir",
                dir.resolve("data").toString(), "--plain");
        return demo.run();
    }

    private static String failingStep(DemoFault.Kind fault) {
        return switch (fault) {
            case MIGRATION -> "EVACUATE";
            case SILENT_AGENT, HOOK -> "HOOK_BEFORE_DOWN"; // its first command
            case UPGRADE -> "UPGRADE";
            case NONE -> throw new IllegalArgumentException("no fault");
        };
    }

    private static List<String> campaignStates(List<CampaignEvent> events) {
        return events.stream().filter(e -> e.host() == null && e.type().startsWith("campaign."))
                .map(CampaignEvent::type).toList();
    }
}
