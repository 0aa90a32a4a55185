package io.molt.service.cli;

import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The campaign as a picture: one row per host (in wave order), simulated time across, a bar per step
 * coloured by step, red where the host failed, grey bands where the campaign was paused. A self-contained
 * HTML page with inline SVG, built from the campaign's events.
 */
final class TimelineHtml {

    private static final Map<String, String> COLOURS = new LinkedHashMap<>();

    static {
        COLOURS.put("PRECHECK", "#9e9e9e");
        COLOURS.put("DISABLE", "#bdbdbd");
        COLOURS.put("EVACUATE", "#1e88e5");
        COLOURS.put("PRESERVE", "#fb8c00");
        COLOURS.put("UPGRADE", "#8e24aa");
        COLOURS.put("RESTORE", "#43a047");
        COLOURS.put("VERIFY", "#00897b");
        COLOURS.put("ENABLE", "#7cb342");
        COLOURS.put("FINISH", "#616161");
        COLOURS.put("FAILED", "#e53935");
    }

    private record Bar(String host, String step, Instant from, Instant to) {
    }

    private static final int LEFT = 150;
    private static final int WIDTH = 1100;
    private static final int ROW = 14;
    private static final int TOP = 30;

    private TimelineHtml() {
    }

    static void write(Path file, String title, String summary, DemoObservation seen, Instant end) throws IOException {
        List<CampaignHost> hosts = seen.hosts().stream().sorted(Comparator.comparingInt(CampaignHost::position))
                .toList();
        Instant start = seen.started() == null ? end : seen.started();
        double span = Math.max(1e-9, seen.simulated(Duration.between(start, end)));
        List<Bar> bars = bars(seen.events(), end);
        StringBuilder svg = new StringBuilder();
        int height = TOP + hosts.size() * ROW + 40;
        svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                + "font-family='sans-serif' font-size='11'>%n", LEFT + WIDTH + 20, height));
        for (Instant[] pause : pauses(seen.events(), end)) {
            double x0 = x(seen, start, pause[0], span);
            double x1 = x(seen, start, pause[1], span);
            svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%d' width='%.1f' height='%d' fill='#eeeeee'>"
                    + "<title>campaign paused</title></rect>%n<text x='%.1f' y='%d' fill='#757575'>paused</text>%n", x0,
                    TOP, Math.max(1, x1 - x0), hosts.size() * ROW, x0 + 2, TOP - 4));
        }
        int ticks = 8;
        for (int i = 0; i <= ticks; i++) {
            double x = LEFT + WIDTH * i / (double) ticks;
            svg.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#e0e0e0'/>"
                    + "<text x='%.1f' y='%d' text-anchor='middle' fill='#616161'>%s</text>%n", x, TOP, x,
                    TOP + hosts.size() * ROW, x, TOP + hosts.size() * ROW + 14, PlanReport.hours(span * i / ticks)));
        }
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' fill='#616161'>simulated time (h:mm:ss) since "
                + "the campaign started</text>%n", LEFT, TOP + hosts.size() * ROW + 30));
        Map<String, Integer> rows = new HashMap<>();
        int previousWave = -1;
        for (int i = 0; i < hosts.size(); i++) {
            CampaignHost h = hosts.get(i);
            rows.put(h.host(), i);
            int y = TOP + i * ROW;
            if (h.wave() != previousWave && i > 0) {
                svg.append(String.format(Locale.ROOT, "<line x1='0' y1='%d' x2='%d' y2='%d' stroke='#cfd8dc'/>%n", y,
                        LEFT + WIDTH, y));
            }
            svg.append(String.format(Locale.ROOT, "<text x='4' y='%d'>%s</text><text x='%d' y='%d' fill='#9e9e9e' "
                    + "text-anchor='end'>w%d</text>%n", y + ROW - 3, h.host(), LEFT - 6, y + ROW - 3, h.wave()));
            previousWave = h.wave();
        }
        for (Bar bar : bars) {
            Integer row = rows.get(bar.host());
            if (row == null) {
                continue;
            }
            double x0 = x(seen, start, bar.from(), span);
            double x1 = x(seen, start, bar.to(), span);
            svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%d' width='%.1f' height='%d' fill='%s'>"
                    + "<title>%s %s: %s</title></rect>%n", x0, TOP + row * ROW + 2, Math.max(1.0, x1 - x0), ROW - 4,
                    COLOURS.getOrDefault(bar.step(), "#000"), bar.host(), bar.step(),
                    PlanReport.hours(seen.simulated(Duration.between(bar.from(), bar.to())))));
        }
        svg.append("</svg>\n");
        StringBuilder legend = new StringBuilder();
        COLOURS.forEach((step, colour) -> legend.append(String.format(Locale.ROOT, "<span><i style='background:%s'>"
                + "</i>%s</span> ", colour, step.toLowerCase(Locale.ROOT))));
        String html = "<!doctype html>\n<html><head><meta charset='utf-8'><title>" + escape(title) + "</title>\n"
                + "<style>body{font-family:sans-serif;margin:16px;color:#212121}pre{font-size:12px;background:#fafafa;"
                + "padding:8px;border:1px solid #eee;display:inline-block}.legend span{margin-right:12px}"
                + ".legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}"
                + "</style></head><body>\n<h2>" + escape(title) + "</h2>\n<div class='legend'>" + legend + "</div>\n"
                + svg + "<pre>" + escape(summary) + "</pre>\n</body></html>\n";
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, html);
    }

    /** Step bars from the events: a step runs from "started" to the next event that ends it. */
    private static List<Bar> bars(List<CampaignEvent> events, Instant end) {
        List<Bar> bars = new ArrayList<>();
        Map<String, String> step = new HashMap<>();
        Map<String, Instant> since = new HashMap<>();
        for (CampaignEvent e : events) {
            String host = e.host();
            if (host == null) {
                continue;
            }
            String first = e.message().split(" ", 2)[0];
            switch (e.type()) {
                case "host.step.started" -> {
                    close(bars, host, step, since, e.occurredAt());
                    step.put(host, first);
                    since.put(host, e.occurredAt());
                }
                case "host.step.completed" -> close(bars, host, step, since, e.occurredAt());
                case "host.failed" -> {
                    close(bars, host, step, since, e.occurredAt());
                    step.put(host, "FAILED");
                    since.put(host, e.occurredAt());
                }
                default -> { }
            }
        }
        for (String host : new ArrayList<>(step.keySet())) {
            close(bars, host, step, since, end);
        }
        return bars;
    }

    private static void close(List<Bar> bars, String host, Map<String, String> step, Map<String, Instant> since,
            Instant at) {
        String open = step.remove(host);
        if (open != null) {
            bars.add(new Bar(host, open, since.remove(host), at));
        }
    }

    private static List<Instant[]> pauses(List<CampaignEvent> events, Instant end) {
        List<Instant[]> pauses = new ArrayList<>();
        Instant paused = null;
        for (CampaignEvent e : events) {
            if (e.host() != null) {
                continue;
            }
            if (e.type().equals("campaign.paused")) {
                paused = e.occurredAt();
            } else if (paused != null && e.type().startsWith("campaign.")) {
                pauses.add(new Instant[] {paused, e.occurredAt()});
                paused = null;
            }
        }
        if (paused != null) {
            pauses.add(new Instant[] {paused, end});
        }
        return pauses;
    }

    private static double x(DemoObservation seen, Instant start, Instant at, double span) {
        double t = seen.simulated(Duration.between(start, at));
        return LEFT + WIDTH * Math.max(0, Math.min(1, t / span));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
