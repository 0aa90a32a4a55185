package io.molt.service.domain.campaign;

import java.util.Comparator;
import java.util.List;

/**
 * Decides what to do with a campaign as a whole; pure.
 * <ol>
 *   <li>APPROVED: start.</li>
 *   <li>PAUSED: no host starts a step of its own, but a host whose guests are down (their preservation
 *       begun, held, restored and not yet re-enabled) is worked on until it is back (its after-up hook
 *       included): a pause never leaves a tenant's VM down for as long as the pause lasts.</li>
 *   <li>A FAILED host pauses a running campaign, naming the host, the step and the error. An aborting
 *       campaign never pauses: it works on its other hosts and, once only failed ones are left, holds
 *       (ABORTING, with the failed hosts in its reason) until an abort request tries them again.</li>
 *   <li>All hosts DONE or SKIPPED: a running campaign is DONE, an aborting one ABORTED.</li>
 *   <li>Running: work on the unsettled hosts of the first wave that has any (waves keep the planner's
 *       limits on hosts down at once); aborting: work on every unsettled host.</li>
 * </ol>
 */
public final class CampaignDecider {

    public CampaignDecision decide(Campaign campaign, List<CampaignHost> hosts) {
        CampaignState state = campaign.state();
        if (state == CampaignState.APPROVED) {
            return new CampaignDecision.Start();
        }
        if (state == CampaignState.PAUSED) {
            List<CampaignHost> guestsDown = hosts.stream().filter(CampaignDecider::guestsDown).toList();
            return guestsDown.isEmpty() ? new CampaignDecision.Idle() : new CampaignDecision.Work(guestsDown);
        }
        if (state != CampaignState.RUNNING && state != CampaignState.ABORTING) {
            return new CampaignDecision.Idle();
        }
        List<CampaignHost> failed = hosts.stream().filter(h -> h.state() == HostState.FAILED).toList();
        if (state == CampaignState.RUNNING && !failed.isEmpty()) {
            CampaignHost host = failed.get(0);
            return new CampaignDecision.Pause("host " + host.host() + " failed at " + host.step() + ": "
                    + host.lastError() + "; fix the cause, then resume (the step is tried again) or abort");
        }
        List<CampaignHost> open = hosts.stream().filter(h -> !h.state().isFinal() && h.state() != HostState.FAILED)
                .sorted(Comparator.comparingInt(CampaignHost::wave).thenComparingInt(CampaignHost::position))
                .toList();
        if (open.isEmpty() && !failed.isEmpty()) {
            return new CampaignDecision.Hold("aborting; cannot bring back " + failed.stream().map(h -> "host "
                    + h.host() + " (failed at " + h.step() + ": " + h.lastError() + ")").toList() + "; fix the cause,"
                    + " then abort again to retry");
        }
        if (open.isEmpty()) {
            return state == CampaignState.RUNNING
                    ? new CampaignDecision.Finish(CampaignState.DONE, "every host is upgraded or skipped")
                    : new CampaignDecision.Finish(CampaignState.ABORTED, "aborted; hosts in flight were brought back");
        }
        if (state == CampaignState.ABORTING) {
            return new CampaignDecision.Work(open);
        }
        int wave = open.get(0).wave();
        return new CampaignDecision.Work(open.stream().filter(h -> h.wave() == wave).toList());
    }

    /** Between the switch's take-down and the host's return: what a pause must not freeze. */
    private static boolean guestsDown(CampaignHost host) {
        return switch (host.state()) {
            case PRESERVED, RESTORED, VERIFIED, ENABLED, RETURNED -> true;
            case UPGRADED -> host.step() == Step.PRESERVE && host.commandId() != null;
            default -> false;
        };
    }
}
