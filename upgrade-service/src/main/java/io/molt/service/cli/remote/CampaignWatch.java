package io.molt.service.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.molt.service.cli.screen.LiveScreen;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Follows a campaign through the API until it ends: on a terminal the {@link WatchView} redrawn in place
 * every poll, otherwise a plain status line whenever it changes (and at least every minute).
 */
final class CampaignWatch {

    private static final Set<String> FINAL = Set.of("DONE", "FAILED", "ABORTED");
    private static final int EVENTS_SHOWN = 3;

    private final MoltApi api;
    private final PrintWriter out;
    private final boolean ansi;
    private final Duration every;
    private final List<JsonNode> lastEvents = new ArrayList<>();
    private long lastEventId;
    private Instant started;

    CampaignWatch(MoltApi api, PrintWriter out, boolean ansi, Duration every) {
        this.api = api;
        this.out = out;
        this.ansi = ansi;
        this.every = every;
    }

    /** The campaign as last seen, once in a final state. */
    JsonNode follow(String id) throws InterruptedException {
        LiveScreen screen = new LiveScreen(out);
        String lastLine = null;
        Instant lastPrinted = Instant.EPOCH;
        while (true) {
            WatchView.Seen seen = read(id);
            Instant now = Instant.now();
            if (ansi) {
                screen.redraw(WatchView.lines(seen, now));
            } else {
                String line = WatchView.statusLine(seen, now);
                String changed = line.replaceFirst("^\\[[^]]*] ", "");
                if (!changed.equals(lastLine) || Duration.between(lastPrinted, now).toMinutes() >= 1) {
                    out.println(line);
                    out.flush();
                    lastLine = changed;
                    lastPrinted = now;
                }
            }
            if (FINAL.contains(seen.campaign().path("state").asText())) {
                screen.finish();
                return seen.campaign();
            }
            Thread.sleep(every.toMillis());
        }
    }

    private WatchView.Seen read(String id) {
        JsonNode campaign = api.get("/campaigns/" + id).path("campaign");
        JsonNode more;
        do {
            more = api.get("/campaigns/" + id + "/events?after=" + lastEventId + "&limit=1000").path("events");
            for (JsonNode e : more) {
                lastEventId = e.path("id").asLong();
                if (started == null && e.path("type").asText().equals("campaign.running")) {
                    started = Instant.parse(e.path("occurred_at").asText());
                }
                lastEvents.add(e);
                if (lastEvents.size() > EVENTS_SHOWN) {
                    lastEvents.remove(0);
                }
            }
        } while (more.size() == 1000);
        return new WatchView.Seen(campaign, api.get("/campaigns/" + id + "/hosts").path("hosts"),
                api.get("/campaigns/" + id + "/vms").path("vms"), List.copyOf(lastEvents), started);
    }
}
