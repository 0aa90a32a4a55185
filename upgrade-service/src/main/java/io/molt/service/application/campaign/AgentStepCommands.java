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
import java.util.Optional;

/**
 * The agent command of each agent step, built from the campaign and the guests that stay on the host. A host
 * with no guest left to keep (every VM migrated, deleted or skipped) has nova-compute left alone: stopping it
 * only protects guests being saved, and its stop, start and coming back took most of such a host's
 * preserve and restore on the dev cloud. Such a host is not asked for PRESERVE at all, nor for a RESTORE that
 * boots no kernel ({@link #needless}); a kernel upgrade still boots in RestoreGuests.
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
     * Why the agent need not be asked for {@code step} on this host, or empty when it must be: PRESERVE, and a
     * RESTORE that boots no kernel (USERSPACE, or an aborting campaign), of a host with no guest left to keep. Such
     * a command would name no guest and leave nova-compute alone, so the agent would do nothing but answer; its
     * round trip is all it costs. A guest is kept while any VM row of the host is neither skipped nor done leaving
     * it (migrated or deleted): a guest whose move did not end, or one of any other action, keeps the step.
     */
    static Optional<String> needless(Step step, Campaign campaign, CampaignHost host, List<VmAction> vms) {
        if (step != Step.PRESERVE && (step != Step.RESTORE || bootInto(campaign) != null)) {
            return Optional.empty();
        }
        List<VmAction> own = vms.stream().filter(v -> v.sourceHost().equals(host.host())).toList();
        if (own.stream().anyMatch(v -> v.state() != VmActionState.SKIPPED
                && !(v.leavesHost() && v.state() == VmActionState.DONE))) {
            return Optional.empty();
        }
        long left = own.stream().filter(v -> v.state() == VmActionState.DONE).count();
        return Optional.of(step + " skipped on " + host.host() + ": no guest left to keep (" + left
                + " VMs migrated or deleted, " + (own.size() - left) + " skipped), so there is no guest to "
                + (step == Step.PRESERVE ? "save" : "bring back") + " and nova-compute stays running"
                + (step == Step.RESTORE ? "; no kernel to boot into" : ""));
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
