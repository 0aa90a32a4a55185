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

    private static Campaign campaign(UpgradeTarget target) {
        return new Campaign("c", "c", CampaignState.RUNNING, null, target, null, CampaignOptions.defaults(),
                new UpgradeSpec(List.of("/bin/true"), 60, null), "test", NOW, NOW, true, 0);
    }

    private static CampaignHost host() {
        return CampaignHost.pending("c", "a", 1, 0, NOW);
    }

    private static VmAction vm(String uuid, Action action, String destination) {
        return new VmAction("c", uuid, uuid, "a", action, destination, "test", VmState.ACTIVE, VmActionState.PENDING,
                null, 1, null, null, 0);
    }
}
