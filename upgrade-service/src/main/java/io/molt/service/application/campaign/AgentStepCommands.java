package io.molt.service.application.campaign;

import io.molt.protocol.Command;
import io.molt.protocol.Commands;
import io.molt.protocol.GuestActionKind;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.Step;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.plan.UpgradeTarget;
import java.util.List;

/**
 * The agent command of each agent step, built from the campaign and the guests that stay on the host. A host
 * with no guest left to keep (every VM migrated, deleted or skipped) has nova-compute left alone: stopping it
 * only protects guests being saved, and its stop, start and coming back took most of such a host's
 * preserve and restore on the dev cloud. The steps still run: a kernel upgrade boots in RestoreGuests.
 */
final class AgentStepCommands {

    private AgentStepCommands() {
    }

    static Command of(Step step, Campaign campaign, CampaignHost host, List<VmAction> vms) {
        List<Commands.GuestAction> guests = vms.stream()
                .filter(v -> v.sourceHost().equals(host.host()) && !v.leavesHost())
                .filter(v -> v.state() != VmActionState.SKIPPED)
                .map(v -> new Commands.GuestAction(v.vmUuid(), GuestActionKind.of(v.action().name()))).toList();
        boolean guestsStay = !guests.isEmpty();
        return switch (step) {
            case UPGRADE -> new Commands.RunUpgrade(campaign.upgrade().command(),
                    io.molt.protocol.UpgradeTarget.of(campaign.target().name()), campaign.upgrade().timeoutSeconds());
            case PRESERVE -> new Commands.PreserveGuests(guestsStay, guests);
            case RESTORE -> new Commands.RestoreGuests(guestsStay, guests, bootInto(campaign));
            case HOOK_BEFORE_DOWN -> new Commands.RunHook(Commands.RunHook.BEFORE_DOWN, campaign.id());
            case HOOK_AFTER_UP -> new Commands.RunHook(Commands.RunHook.AFTER_UP, campaign.id());
            default -> throw new IllegalArgumentException(step + " is not an agent step");
        };
    }

    /**
     * The kernel the restore boots into first: the target's, except for USERSPACE (no boot) and while the
     * campaign aborts, which brings the guests back on the kernel the host runs (after a new kernel that did not
     * boot, another boot would only take them down again).
     */
    private static io.molt.protocol.UpgradeTarget bootInto(Campaign campaign) {
        return campaign.target() == UpgradeTarget.USERSPACE || campaign.state() == CampaignState.ABORTING ? null
                : io.molt.protocol.UpgradeTarget.of(campaign.target().name());
    }
}
