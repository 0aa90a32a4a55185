package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.adapter.simulation.SimulatedCloud;
import io.molt.service.adapter.simulation.SimulatedTimings;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.HostState;
import io.molt.service.domain.campaign.Step;
import io.molt.service.domain.campaign.StepProgress;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.HostCapabilities;
import io.molt.service.domain.cloud.Resources;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmPolicy;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.CostParameters;
import io.molt.service.domain.plan.UpgradeTarget;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The VERIFY step: guests are expected running as they were when their action was planned. */
class VerificationTest {

    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
    private static final HostCapabilities CAPS = new HostCapabilities(true, true, 8192, true, "7.2", "9.0", 0);

    private final SimulatedCloud cloud = new SimulatedCloud(new CloudSnapshot(NOW,
            List.of(new Host("a", "az-1", Set.of(), new Resources(8, 16384, 100), Resources.ZERO, true, true, "1",
                    CAPS)),
            List.of(vm("running", VmState.ACTIVE), vm("stopped", VmState.SHUTOFF), vm("paused", VmState.PAUSED)),
            List.of()), new SimulatedTimings(CostParameters.DEFAULTS, 0.001));
    private final Campaign campaign = new Campaign("c", "c", CampaignState.RUNNING, null, UpgradeTarget.USERSPACE, null,
            CampaignOptions.defaults(), new UpgradeSpec(List.of("/bin/true"), 60, null), "test", NOW, NOW,
            true, 0);
    private final CampaignHost host = CampaignHost.pending("c", "a", 1, 0, NOW);
    private final List<VmAction> planned = List.of(kept("running", VmState.ACTIVE), kept("stopped", VmState.SHUTOFF),
            kept("paused", VmState.PAUSED));

    @Test
    void guestsBackAsTheyWerePlannedPass() {
        StepOutcome outcome = new Verification(cloud).run(campaign, host, planned);

        assertThat(outcome.progress()).as(outcome.progress().toString()).isInstanceOf(StepProgress.Succeeded.class);
        assertThat(outcome.vms()).hasSize(3).allMatch(v -> v.state() == VmActionState.DONE);
    }

    @Test
    void aGuestThatRanWhenPlannedAndIsNowOffFailsTheStepByName() {
        cloud.stopServer("running");

        StepOutcome outcome = new Verification(cloud).run(campaign, host, planned);

        assertThat(outcome.progress()).isInstanceOfSatisfying(StepProgress.Failed.class,
                failed -> assertThat(failed.error()).contains("running (running) is SHUTOFF, not ACTIVE")
                        .doesNotContain("stopped (stopped)").doesNotContain("paused (paused)"));
    }

    @Test
    void aGuestPausedWhenPlannedMayComeBackActiveButNotStopped() {
        cloud.startServer("paused");
        assertThat(new Verification(cloud).run(campaign, host, planned).progress())
                .isInstanceOf(StepProgress.Succeeded.class);

        cloud.stopServer("paused");
        assertThat(new Verification(cloud).run(campaign, host, planned).progress())
                .isInstanceOf(StepProgress.Failed.class);
    }

    @Test
    void aHypervisorVersionNovaHasNotReportedYetIsWaitedForThenFailsTheAttempt() {
        Campaign targeted = new Campaign("c", "c", CampaignState.RUNNING, null, UpgradeTarget.USERSPACE, null,
                CampaignOptions.defaults(), new UpgradeSpec(List.of("/bin/true"), 60, "10000002"), "test", NOW,
                NOW, true, 0);
        CampaignHost verifying = new CampaignHost("c", "a", 1, 0, HostState.RESTORED, Step.VERIFY, 1, null, NOW, null,
                null, true, NOW, 0);

        StepProgress early = new Verification(cloud, Clock.fixed(NOW.plusSeconds(5), ZoneOffset.UTC))
                .run(targeted, verifying, planned).progress();
        StepProgress late = new Verification(cloud, Clock.fixed(NOW.plus(Verification.NOVA_REPORT_WAIT).plusSeconds(1),
                ZoneOffset.UTC)).run(targeted, verifying, planned).progress();

        assertThat(early).isInstanceOfSatisfying(StepProgress.Running.class, running -> assertThat(running.detail())
                .contains("hypervisor version is 1, expected 10000002"));
        assertThat(late).isInstanceOfSatisfying(StepProgress.Failed.class, failed -> assertThat(failed.error())
                .contains("hypervisor version is 1, expected 10000002"));
    }

    private static Vm vm(String uuid, VmState state) {
        return new Vm(uuid, uuid, "p", "a", new Resources(1, 512, 0), state, true, false, VmPolicy.ANY, null, null,
                1.0);
    }

    private static VmAction kept(String uuid, VmState plannedState) {
        return new VmAction("c", uuid, uuid, "a", plannedState.running() ? Action.PRESERVE : Action.COLD_RESTART, null,
                "test", plannedState, VmActionState.PENDING, null, 0, null, null, 0);
    }
}
