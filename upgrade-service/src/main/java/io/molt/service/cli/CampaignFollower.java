package io.molt.service.cli;

import io.molt.service.application.campaign.CampaignService;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.port.Campaigns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Follows the demo's campaign until it ends: every 250 ms on a terminal, 500 ms otherwise, it reads the
 * campaign, its hosts, its VM actions and the events it has not read yet, lets the {@link DemoOperator}
 * act on a pause, and shows the result on the {@link ProgressDisplay}.
 */
final class CampaignFollower {

    private static final int EVENT_PAGE = 1000;

    private final CampaignService service;
    private final Campaigns campaigns;
    private final String id;
    private final double timeScale;
    private final ProgressDisplay display;
    private final DemoOperator operator;
    private final List<CampaignEvent> events = new ArrayList<>();

    CampaignFollower(CampaignService service, Campaigns campaigns, String id, double timeScale,
            ProgressDisplay display, DemoOperator operator) {
        this.service = service;
        this.campaigns = campaigns;
        this.id = id;
        this.timeScale = timeScale;
        this.display = display;
        this.operator = operator;
    }

    /** The campaign as last seen once it ended; null when {@code stopping} turned true first. */
    DemoObservation follow(BooleanSupplier stopping) throws InterruptedException {
        while (!stopping.getAsBoolean()) {
            DemoObservation seen = read();
            Instant now = Instant.now();
            String note = operator.look(seen.campaign(), now);
            display.show(seen, now, note);
            if (seen.campaign().state().isFinal()) {
                display.finish();
                return seen;
            }
            Thread.sleep(display.ansi() ? 250 : 500);
        }
        return null;
    }

    private DemoObservation read() {
        Campaign campaign = service.find(id);
        List<CampaignEvent> more;
        do {
            more = campaigns.events(id, events.isEmpty() ? 0 : events.get(events.size() - 1).id(), EVENT_PAGE);
            events.addAll(more);
        } while (more.size() == EVENT_PAGE);
        return new DemoObservation(campaign, campaigns.hosts(id), campaigns.vms(id), List.copyOf(events), timeScale);
    }
}
