package io.molt.service.cli;

import io.molt.service.application.campaign.CampaignService;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignState;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The demo playing the operator when the campaign pauses: it shows the campaign's reason, removes the
 * fault's cause ({@link DemoFault#heal()}) and resumes the campaign {@code resumeAfter} later, as
 * {@code curl -X POST .../resume} would; at most {@link #MAX_AUTO_RESUMES} times, and never with a
 * {@code resumeAfter} of zero: then it shows the command for the operator to type.
 */
final class DemoOperator {

    static final int MAX_AUTO_RESUMES = 3;

    private final CampaignService service;
    private final DemoFault fault;
    private final Duration resumeAfter;
    private final String api;
    private final ProgressDisplay display;
    private boolean pauseSeen;
    private Instant resumeAt;
    private int autoResumes;

    DemoOperator(CampaignService service, DemoFault fault, Duration resumeAfter, String api, ProgressDisplay display) {
        this.service = service;
        this.fault = fault;
        this.resumeAfter = resumeAfter;
        this.api = api;
        this.display = display;
    }

    /** Acts on the campaign as just read; returns the note to show under the live view, or null. */
    String look(Campaign campaign, Instant now) {
        if (campaign.state() != CampaignState.PAUSED) {
            pauseSeen = false;
            return null;
        }
        if (!pauseSeen) {
            pauseSeen = true;
            display.message("PAUSED: " + campaign.stateReason());
            fault.heal();
            if (!resumeAfter.isZero() && autoResumes++ < MAX_AUTO_RESUMES) {
                resumeAt = now.plus(resumeAfter);
            } else {
                display.message("Fix the cause, then resume: curl -X POST " + api + "/resume");
            }
        }
        if (resumeAt != null && !now.isBefore(resumeAt)) {
            service.resume(campaign.id(), "molt demo");
            display.message("resumed (as: curl -X POST " + api + "/resume)");
            resumeAt = null;
            pauseSeen = false;
            return null;
        }
        if (resumeAt != null) {
            return String.format(Locale.ROOT, "paused; the fault is healed, resuming in %d s",
                    Duration.between(now, resumeAt).toSeconds() + 1);
        }
        return "paused; resume with: curl -X POST " + api + "/resume";
    }
}
