package io.molt.service.domain.campaign;

import java.util.List;

/** What the engine should do with a whole campaign on this pass. */
public sealed interface CampaignDecision {

    /** An approved campaign starts running. */
    record Start() implements CampaignDecision {
    }

    /** Pause at this safe point, with the reason shown to the operator (e.g. the failed host and its error). */
    record Pause(String reason) implements CampaignDecision {
    }

    /**
     * An aborting campaign waits for the operator: the hosts it still has to bring back failed (a new abort
     * request tries them again). The reason, naming them, is shown in the campaign's state reason.
     */
    record Hold(String reason) implements CampaignDecision {
    }

    /** Every host is settled: the campaign ends in {@code state}. */
    record Finish(CampaignState state, String reason) implements CampaignDecision {
    }

    /** Work on these hosts, in order. */
    record Work(List<CampaignHost> hosts) implements CampaignDecision {
        public Work {
            hosts = List.copyOf(hosts);
        }
    }

    /** Nothing to do (the campaign is not active). */
    record Idle() implements CampaignDecision {
    }
}
