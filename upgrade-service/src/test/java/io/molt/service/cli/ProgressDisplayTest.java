package io.molt.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.HostSelector;
import io.molt.service.domain.campaign.HostState;
import io.molt.service.domain.campaign.Step;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.UpgradeTarget;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The live view drawn from a known observation: four hosts in two waves (one done, one busy, one failed,
 * one pending), three VMs, 10 s of wall time at a time scale of 0.004 (0:41:40 simulated).
 */
class ProgressDisplayTest {

    private static final String ID = "3c1f0a2e-0000-4000-8000-000000000000";
    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant NOW = START.plusSeconds(10);

    private static final List<String> VIEW = List.of(
            "\033[1mcampaign 3c1f0a2e\033[0m  \033[1;32mRUNNING\033[0m  hosts done 1/4  simulated time 0:41:40",
            "waves  \033[32m#\033[0m\033[33m>\033[0m \033[31mx\033[0m.   (\033[32m#\033[0m done  \033[33m>\033[0m busy  "
                    + "\033[31mx\033[0m failed  . pending)",
            "VMs  preserved 1/1  migrated 1/1  suspended 0/0  terminated 0/0  restarted 0/1",
            "downtime so far 0:01:09 (all VMs, simulated)",
            "busy hosts:",
            "  compute-00001   wave 1   EVACUATED  -> PRESERVE  attempt 2",
            "  compute-00002   wave 2   FAILED     ->           \033[31mlive migration of vm-2 ended ERROR\033[0m",
            "\033[1mresuming in 3 s\033[0m");

    @Test
    void drawsTheCampaignHostsVmsDowntimeAndBusyHosts() {
        assertThat(ProgressDisplay.lines(observation(), NOW, "resuming in 3 s")).containsExactlyElementsOf(VIEW);
    }

    @Test
    void redrawsInPlaceOverTheLinesItDrewLastTime() {
        StringWriter text = new StringWriter();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(text), true, Duration.ofSeconds(5));

        display.show(observation(), NOW, "resuming in 3 s");
        display.show(observation(), NOW, "resuming in 3 s");

        String view = String.join("\n", VIEW) + "\n";
        String up = "\033[8F";
        assertThat(text.toString()).isEqualTo(view + up + "\033[2K\n".repeat(8) + up + view);
    }

    @Test
    void withoutATerminalPrintsOneStatusLineEveryInterval() {
        StringWriter text = new StringWriter();
        ProgressDisplay display = new ProgressDisplay(new PrintWriter(text), false, Duration.ofSeconds(5));

        display.show(observation(), NOW, null);
        display.show(observation(), NOW.plusSeconds(4), null);
        display.show(observation(), NOW.plusSeconds(5), "resuming in 3 s");

        assertThat(text.toString().lines()).containsExactly(
                "[0:41:40] RUNNING hosts 1/4  VMs preserved 1/1  migrated 1/1  suspended 0/0  terminated 0/0  "
                        + "restarted 0/1  downtime 0:01:09 (all VMs, simulated)  busy: compute-00001:PRESERVE",
                "[1:02:30] RUNNING hosts 1/4  VMs preserved 1/1  migrated 1/1  suspended 0/0  terminated 0/0  "
                        + "restarted 0/1  downtime 0:01:09 (all VMs, simulated)  busy: compute-00001:PRESERVE"
                        + "  | resuming in 3 s");
    }

    private static DemoObservation observation() {
        Campaign campaign = new Campaign(ID, "demo", CampaignState.RUNNING, "running", UpgradeTarget.KERNEL,
                new HostSelector(List.of("compute-00000"), null, null), CampaignOptions.builder().build(),
                new UpgradeSpec(List.of("true"), 60, null), "test", START, START, true, 1);
        List<CampaignHost> hosts = List.of(
                host("compute-00000", 1, 0, HostState.DONE, null, 1, null),
                host("compute-00001", 1, 1, HostState.EVACUATED, Step.PRESERVE, 2, null),
                host("compute-00002", 2, 2, HostState.FAILED, null, 2, "live migration of vm-2 ended ERROR"),
                host("compute-00003", 2, 3, HostState.PENDING, null, 0, null));
        List<VmAction> vms = List.of(
                vm("vm-1", "compute-00000", Action.PRESERVE, VmActionState.DONE, 8_850, 68_850L),
                vm("vm-2", "compute-00000", Action.LIVE_MIGRATE, VmActionState.DONE, 170, null),
                vm("vm-3", "compute-00001", Action.COLD_RESTART, VmActionState.PENDING, 47_600, null));
        List<CampaignEvent> events = List.of(
                new CampaignEvent(1L, START, ID, null, null, "campaign.running", "running", Map.of()));
        return new DemoObservation(campaign, hosts, vms, events, 0.004);
    }

    private static CampaignHost host(String name, int wave, int position, HostState state, Step step, int attempt,
            String error) {
        return new CampaignHost(ID, name, wave, position, state, step, attempt, null, null, error,
                state == HostState.FAILED ? HostState.EVACUATED : null, false, START, 1);
    }

    private static VmAction vm(String name, String host, Action action, VmActionState state, long predictedMs,
            Long actualMs) {
        return new VmAction(ID, name + "-uuid", name, host, action, null, "test", VmState.ACTIVE, state, null,
                predictedMs, actualMs, null, 1);
    }
}
