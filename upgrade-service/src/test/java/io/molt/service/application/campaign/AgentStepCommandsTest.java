package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.protocol.Commands;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.Step;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.UpgradeTarget;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentStepCommandsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T00:00:00Z");

    @Test
    void guestsThatStayAreSavedWithNovaComputeStoppedAndBroughtBackBeforeItStarts() {
        List<VmAction> vms = List.of(vm("kept", Action.PRESERVE, null), vm("moved", Action.LIVE_MIGRATE, "b"));
        Commands.PreserveGuests preserve = (Commands.PreserveGuests) AgentStepCommands.of(Step.PRESERVE,
                campaign(UpgradeTarget.USERSPACE), host(), vms);
        Commands.RestoreGuests restore = (Commands.RestoreGuests) AgentStepCommands.of(Step.RESTORE,
                campaign(UpgradeTarget.KERNEL), host(), vms);

        assertThat(preserve.stopNovaCompute()).isTrue();
        assertThat(preserve.guests()).extracting(Commands.GuestAction::vmUuid).containsExactly("kept");
        assertThat(restore.startNovaCompute()).isTrue();
        assertThat(restore.bootInto().name()).isEqualTo("KERNEL");
    }

    @Test
    void aHostWithNoGuestLeftLeavesNovaComputeAloneButAKernelUpgradeStillBoots() {
        List<VmAction> vms = List.of(vm("moved", Action.LIVE_MIGRATE, "b"), vm("deleted", Action.TERMINATE, null));
        Commands.PreserveGuests preserve = (Commands.PreserveGuests) AgentStepCommands.of(Step.PRESERVE,
                campaign(UpgradeTarget.KERNEL), host(), vms);
        Commands.RestoreGuests restore = (Commands.RestoreGuests) AgentStepCommands.of(Step.RESTORE,
                campaign(UpgradeTarget.KERNEL), host(), vms);

        assertThat(preserve.stopNovaCompute()).isFalse();
        assertThat(preserve.guests()).isEmpty();
        assertThat(restore.startNovaCompute()).isFalse();
        assertThat(restore.bootInto().name()).isEqualTo("KERNEL");
    }

    @Test
    void anAbortingCampaignBringsTheGuestsBackWithoutABoot() {
        List<VmAction> vms = List.of(vm("kept", Action.PRESERVE, null));
        Campaign aborting = campaign(UpgradeTarget.KERNEL).moveTo(CampaignState.PAUSED, "restore failed", NOW)
                .moveTo(CampaignState.ABORTING, "aborted", NOW);
        Commands.RestoreGuests restore = (Commands.RestoreGuests) AgentStepCommands.of(Step.RESTORE, aborting, host(),
                vms);

        assertThat(restore.bootInto()).isNull();
        assertThat(restore.guests()).extracting(Commands.GuestAction::vmUuid).containsExactly("kept");
    }

    @Test
    void aHostWhoseGuestsAllLeftIsNotAskedToPreserveOrToRestoreWithoutABoot() {
        List<VmAction> vms = List.of(vm("moved", Action.LIVE_MIGRATE, "b").moved(VmActionState.DONE, "b", null, null),
                vm("deleted", Action.TERMINATE, null).moved(VmActionState.DONE, null, 0L, null),
                vm("gone", Action.PRESERVE, null).moved(VmActionState.SKIPPED, null, null, "no longer on a"),
                vm("elsewhere", Action.PRESERVE, null, "b"));

        assertThat(AgentStepCommands.needless(Step.PRESERVE, campaign(UpgradeTarget.USERSPACE), host(), vms))
                .hasValue("PRESERVE skipped on a: no guest left to keep (2 VMs migrated or deleted, 1 skipped), so there"
                        + " is no guest to save and nova-compute stays running");
        assertThat(AgentStepCommands.needless(Step.RESTORE, campaign(UpgradeTarget.USERSPACE), host(), vms))
                .hasValue("RESTORE skipped on a: no guest left to keep (2 VMs migrated or deleted, 1 skipped), so there"
                        + " is no guest to bring back and nova-compute stays running; no kernel to boot into");
        assertThat(AgentStepCommands.needless(Step.PRESERVE, campaign(UpgradeTarget.USERSPACE), host(), List.of()))
                .as("a host that had no guest").isPresent();
        assertThat(AgentStepCommands.needless(Step.UPGRADE, campaign(UpgradeTarget.USERSPACE), host(), vms))
                .as("the upgrade itself").isEmpty();
    }

    @Test
    void aKernelUpgradeOfAnEmptyHostSkipsThePreserveButStillBootsInTheRestore() {
        List<VmAction> vms = List.of(vm("moved", Action.LIVE_MIGRATE, "b").moved(VmActionState.DONE, "b", null, null));

        assertThat(AgentStepCommands.needless(Step.PRESERVE, campaign(UpgradeTarget.KERNEL), host(), vms)).isPresent();
        assertThat(AgentStepCommands.needless(Step.RESTORE, campaign(UpgradeTarget.KERNEL), host(), vms)).isEmpty();
        assertThat(AgentStepCommands.needless(Step.RESTORE, campaign(UpgradeTarget.FULL_REBOOT), host(), vms)).isEmpty();
        Campaign aborting = campaign(UpgradeTarget.KERNEL).moveTo(CampaignState.PAUSED, "paused", NOW)
                .moveTo(CampaignState.ABORTING, "aborted", NOW);
        assertThat(AgentStepCommands.needless(Step.RESTORE, aborting, host(), vms)).as("an abort boots nothing")
                .isPresent();
    }

    @Test
    void anyGuestStillKeptOnTheHostKeepsBothSteps() {
        VmAction moved = vm("moved", Action.LIVE_MIGRATE, "b").moved(VmActionState.DONE, "b", null, null);
        for (VmAction kept : List.of(vm("kept", Action.PRESERVE, null), vm("saved", Action.SUSPEND_TO_DISK, null),
                vm("restarted", Action.COLD_RESTART, null),
                vm("restored", Action.PRESERVE, null).moved(VmActionState.DONE, null, 900L, null),
                vm("migrating", Action.LIVE_MIGRATE, "b"),
                vm("not moved", Action.LIVE_MIGRATE, "b").moved(VmActionState.FAILED, null, null, "no valid host"),
                vm("not deleted", Action.TERMINATE, null))) {
            for (Step step : List.of(Step.PRESERVE, Step.RESTORE)) {
                assertThat(AgentStepCommands.needless(step, campaign(UpgradeTarget.USERSPACE), host(),
                        List.of(moved, kept))).as("%s with %s %s", step, kept.action(), kept.state()).isEmpty();
            }
        }
    }

    private static Campaign campaign(UpgradeTarget target) {
        return new Campaign("c", "c", CampaignState.RUNNING, null, target, null, CampaignOptions.defaults(),
                new UpgradeSpec(List.of("/bin/true"), 60, null), "test", NOW, NOW, true, 0);
    }

    private static CampaignHost host() {
        return CampaignHost.pending("c", "a", 1, 0, NOW);
    }

    private static VmAction vm(String uuid, Action action, String destination) {
        return vm(uuid, action, destination, "a");
    }

    private static VmAction vm(String uuid, Action action, String destination, String source) {
        return new VmAction("c", uuid, uuid, source, action, destination, "test", VmState.ACTIVE,
                VmActionState.PENDING, null, 1, null, null, 0);
    }
}
