package io.molt.service.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.molt.service.cli.screen.LiveScreen;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code molt campaign watch} shows of a campaign read from the API: its state, hosts per state, a bar
 * per wave, VMs per action (done/planned), the downtime measured so far, the busy hosts with their step,
 * and the last events. {@link #lines} is the view drawn on a terminal, {@link #statusLine} the plain line.
 */
final class WatchView {

    static final int BAR_WIDTH = 30;
    private static final int BUSY_SHOWN = 8;
    private static final String[] ACTIONS = {"PRESERVE", "LIVE_MIGRATE", "SUSPEND_TO_DISK", "TERMINATE",
        "COLD_RESTART"};

    /** One poll: the campaign, its hosts and VM actions, the last events and when it first ran (or null). */
    record Seen(JsonNode campaign, JsonNode hosts, JsonNode vms, List<JsonNode> lastEvents, Instant started) {
    }

    private WatchView() {
    }

    static List<String> lines(Seen seen, Instant now) {
        List<String> lines = new ArrayList<>();
        JsonNode c = seen.campaign();
        lines.add(String.format(Locale.ROOT, "\033[1mcampaign %s\033[0m %s  %s  hosts done %d/%d  running %s",
                c.path("id").asText(), c.path("name").asText(), LiveScreen.colour(c.path("state").asText()),
                count(seen.hosts(), "DONE"), seen.hosts().size(), elapsed(seen.started(), now)));
        if (!c.path("state_reason").asText().isEmpty()) {
            lines.add("  " + shorten(c.path("state_reason").asText(), 110));
        }
        lines.add("hosts  " + hostsPerState(seen.hosts()));
        waves(seen.hosts()).forEach((wave, hosts) -> lines.add(String.format(Locale.ROOT, "wave %-3d [%s] %d/%d done",
                wave, bar(hosts), count(hosts, "DONE"), hosts.size())));
        lines.add(vmLine(seen.vms()));
        lines.add("downtime so far " + downtime(seen.vms()));
        List<JsonNode> busy = busy(seen.hosts());
        lines.add("busy hosts:" + (busy.isEmpty() ? " none" : ""));
        for (JsonNode h : busy.subList(0, Math.min(BUSY_SHOWN, busy.size()))) {
            lines.add(String.format(Locale.ROOT, "  %-20s wave %-3d %-10s -> %-16s %s", h.path("host").asText(),
                    h.path("wave").asInt(), h.path("state").asText(), h.path("step").asText(""), detail(h, now)));
        }
        if (busy.size() > BUSY_SHOWN) {
            lines.add("  ... and " + (busy.size() - BUSY_SHOWN) + " more");
        }
        for (JsonNode e : seen.lastEvents()) {
            lines.add(String.format(Locale.ROOT, "  %s %-24s %s %s", e.path("occurred_at").asText().replaceFirst(
                    "\\.\\d+Z$", "Z"), e.path("type").asText(), e.path("host").asText(""),
                    shorten(e.path("message").asText(), 70)));
        }
        return lines;
    }

    /** The plain line printed when the output is not a terminal. */
    static String statusLine(Seen seen, Instant now) {
        List<String> busy = busy(seen.hosts()).stream().filter(h -> !h.path("step").asText("").isEmpty())
                .map(h -> h.path("host").asText() + ":" + h.path("step").asText()).toList();
        return String.format(Locale.ROOT, "[%s] %s hosts %d/%d (%s)  %s  downtime %s  busy: %s",
                elapsed(seen.started(), now), seen.campaign().path("state").asText(), count(seen.hosts(), "DONE"),
                seen.hosts().size(), hostsPerState(seen.hosts()), vmLine(seen.vms()).replace("VMs  ", "VMs "),
                downtime(seen.vms()), busy.isEmpty() ? "-" : String.join(" ", busy));
    }

    private static String hostsPerState(JsonNode hosts) {
        Map<String, Integer> perState = new LinkedHashMap<>();
        hosts.forEach(h -> perState.merge(h.path("state").asText(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        perState.forEach((state, n) -> parts.add(state + " " + n));
        return parts.isEmpty() ? "none" : String.join("  ", parts);
    }

    private static Map<Integer, List<JsonNode>> waves(JsonNode hosts) {
        Map<Integer, List<JsonNode>> waves = new TreeMap<>();
        hosts.forEach(h -> waves.computeIfAbsent(h.path("wave").asInt(), w -> new ArrayList<>()).add(h));
        waves.values().forEach(w -> w.sort((a, b) -> Integer.compare(a.path("position").asInt(),
                b.path("position").asInt())));
        return waves;
    }

    /** {@value #BAR_WIDTH} characters: done {@code #} (green), failed {@code x} (red), busy {@code >}, skipped -. */
    static String bar(List<JsonNode> hosts) {
        int total = hosts.size();
        int done = count(hosts, "DONE");
        int failed = count(hosts, "FAILED");
        int skipped = count(hosts, "SKIPPED");
        int busy = total - done - failed - skipped - count(hosts, "PENDING");
        int[] widths = cells(new int[] {done, failed, busy, skipped}, total);
        String plain = " ".repeat(Math.max(0, BAR_WIDTH - widths[0] - widths[1] - widths[2] - widths[3]));
        return "\033[32m" + "#".repeat(widths[0]) + "\033[31m" + "x".repeat(widths[1]) + "\033[33m"
                + ">".repeat(widths[2]) + "\033[0m" + "-".repeat(widths[3]) + plain.replace(' ', '.');
    }

    /** The bar's cells per part, each part that has a host getting at least one. */
    private static int[] cells(int[] parts, int total) {
        int[] widths = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            widths[i] = total == 0 ? 0 : Math.max(parts[i] > 0 ? 1 : 0, parts[i] * BAR_WIDTH / total);
        }
        return widths;
    }

    private static String vmLine(JsonNode vms) {
        StringBuilder line = new StringBuilder("VMs  ");
        for (String action : ACTIONS) {
            int planned = 0;
            int done = 0;
            for (JsonNode vm : vms) {
                if (vm.path("action").asText().equals(action)) {
                    planned++;
                    done += vm.path("state").asText().equals("DONE") ? 1 : 0;
                }
            }
            line.append(switch (action) {
                case "PRESERVE" -> "preserved ";
                case "LIVE_MIGRATE" -> "migrated ";
                case "SUSPEND_TO_DISK" -> "suspended ";
                case "TERMINATE" -> "terminated ";
                default -> "restarted ";
            }).append(done).append('/').append(planned).append("  ");
        }
        return line.toString().stripTrailing();
    }

    /** The measured downtime of the VMs done (live migrations: Nova does not report theirs). */
    private static String downtime(JsonNode vms) {
        long ms = 0;
        int measured = 0;
        for (JsonNode vm : vms) {
            if (vm.path("state").asText().equals("DONE") && vm.path("actual_downtime_ms").isNumber()) {
                ms += vm.path("actual_downtime_ms").asLong();
                measured++;
            }
        }
        return String.format(Locale.ROOT, "%.1f s over %d VM%s measured", ms / 1000.0, measured,
                measured == 1 ? "" : "s");
    }

    private static List<JsonNode> busy(JsonNode hosts) {
        List<JsonNode> busy = new ArrayList<>();
        for (JsonNode h : hosts) {
            String state = h.path("state").asText();
            if (!h.path("step").asText("").isEmpty() || !List.of("PENDING", "DONE", "SKIPPED").contains(state)) {
                busy.add(h);
            }
        }
        busy.sort((a, b) -> Integer.compare(a.path("position").asInt(), b.path("position").asInt()));
        return busy;
    }

    private static String detail(JsonNode h, Instant now) {
        if (h.path("state").asText().equals("FAILED")) {
            return "\033[31m" + shorten(h.path("last_error").asText(), 80) + "\033[0m";
        }
        String since = h.path("step_started_at").asText("");
        String time = since.isEmpty() || h.path("step").asText("").isEmpty() ? ""
                : elapsed(Instant.parse(since), now);
        return time + (h.path("attempt").asInt() > 1 ? " attempt " + h.path("attempt").asInt() : "");
    }

    private static int count(Iterable<JsonNode> hosts, String state) {
        int n = 0;
        for (JsonNode h : hosts) {
            n += h.path("state").asText().equals(state) ? 1 : 0;
        }
        return n;
    }

    static String elapsed(Instant since, Instant now) {
        if (since == null) {
            return "-";
        }
        long s = Math.max(0, Duration.between(since, now).toSeconds());
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    private static String shorten(String text, int max) {
        return text.length() > max ? text.substring(0, max - 3) + "..." : text;
    }
}
