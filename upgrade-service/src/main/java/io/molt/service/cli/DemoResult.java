package io.molt.service.cli;

import io.molt.service.domain.campaign.CampaignState;
import java.nio.file.Path;

/**
 * How the demo ended: the campaign as last seen (its final state, hosts, VM actions and events), whether
 * every VM is accounted for, the VMs before the campaign, the timeline page, and the host the fault was
 * injected on (null without a fault).
 */
record DemoResult(DemoObservation seen, boolean everyVmAccountedFor, int vms, Path timeline, String faultHost) {

    CampaignState state() {
        return seen.campaign().state();
    }

    /** The demo exits with 0 only when the campaign is DONE and every VM is accounted for. */
    boolean succeeded() {
        return state() == CampaignState.DONE && everyVmAccountedFor;
    }
}
