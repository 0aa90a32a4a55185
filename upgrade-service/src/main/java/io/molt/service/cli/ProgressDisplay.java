package io.molt.service.cli;

import io.molt.service.cli.screen.LiveScreen;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.HostState;
import io.molt.service.domain.plan.Action;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live view of the demo's campaign. On a terminal it redraws itself in place (ANSI: cursor up, clear
 * line); otherwise (CI, a pipe) it prints one status line every {@code plainEvery}.
 */
final class ProgressDisplay {

    private static final int BUSY_SHOWN = 8;

    private final PrintWriter out;
    private final boolean ansi;
    private final Duration plainEvery;
    private final LiveScreen screen;
    private Instant lastPlain = Instant.EPOCH;

    ProgressDisplay(PrintWriter out, boolean ansi, Duration plainEvery) {
        this.out = out;
        this.ansi = ansi;
        this.plainEvery = plainEvery;
        this.screen = new LiveScreen(out);
    }

    boolean ansi() {
        return ansi;
    }

    void show(DemoObservation seen, Instant now, String note) {
        if (ansi) {
            screen.redraw(lines(seen, now, note));
        } else if (Duration.between(lastPlain, now).compareTo(plainEvery) >= 0) {
            lastPlain = now;
            out.println(statusLine(seen, now) + (note == null ? "" : "  | " + note));
            out.flush();
        }
    }

    /** A line printed above the live view (it stays in the scroll-back). */
    void message(String text) {
        if (ansi) {
            screen.message(text);
        } else {
            out.println(text);
            out.flush();
        }
    }

    /** Leaves the last view on screen; later output starts below it. */
    void finish() {
        screen.finish();
    }

    /** The live view of the campaign as seen at {@code now}, one string a line (with ANSI colours). */
    static List<String> lines(DemoObservation seen, Instant now, String note) {
        List<String> lines = new ArrayList<>();
        long done = seen.hosts().stream().filter(h -> h.state() == HostState.DONE).count();
        lines.add(String.format(Locale.ROOT, "\033[1mcampaign %s\033[0m  %s  hosts done %d/%d  simulated time %s",
                seen.campaign().id().substring(0, 8), LiveScreen.colour(seen.campaign().state().name()), done,
                seen.hosts().size(), PlanReport.hours(seen.runningSeconds(now))));
        lines.add("waves  " + waves(seen.hosts()) + "   (\033[32m#\033[0m done  \033[33m>\033[0m busy  "
                + "\033[31mx\033[0m failed  . pending)");
        lines.add(vmLine(seen));
        lines.add("downtime so far " + downtime(seen));
        List<CampaignHost> busy = seen.hosts().stream().filter(h -> h.inFlight() || h.state() == HostState.FAILED
                || (h.state() != HostState.PENDING && !h.state().isFinal()))
                .sorted(Comparator.comparingInt(CampaignHost::position)).toList();
        lines.add("busy hosts:" + (busy.isEmpty() ? " none" : ""));
        for (CampaignHost h : busy.subList(0, Math.min(BUSY_SHOWN, busy.size()))) {
            lines.add(String.format(Locale.ROOT, "  %-15s wave %-3d %-10s -> %-9s %s", h.host(), h.wave(), h.state(),
                    h.step() == null ? "" : h.step(), h.state() == HostState.FAILED ? "\033[31m" + shorten(h.lastError())
                    + "\033[0m" : h.attempt() > 1 ? "attempt " + h.attempt() : ""));
        }
        if (busy.size() > BUSY_SHOWN) {
            lines.add("  ... and " + (busy.size() - BUSY_SHOWN) + " more");
        }
        if (note != null) {
            lines.add("\033[1m" + note + "\033[0m");
        }
        return lines;
    }

    private String statusLine(DemoObservation seen, Instant now) {
        long done = seen.hosts().stream().filter(h -> h.state() == HostState.DONE).count();
        String busy = String.join(" ", seen.hosts().stream().filter(CampaignHost::inFlight)
                .map(h -> h.host() + ":" + h.step()).toList());
        return String.format(Locale.ROOT, "[%s] %s hosts %d/%d  %s  downtime %s  busy: %s",
                PlanReport.hours(seen.runningSeconds(now)), seen.campaign().state(), done, seen.hosts().size(),
                vmLine(seen).replace("VMs  ", "VMs "), downtime(seen), busy.isEmpty() ? "-" : busy);
    }

    private static String vmLine(DemoObservation seen) {
        StringBuilder line = new StringBuilder("VMs  ");
        for (Action action : new Action[] {Action.PRESERVE, Action.LIVE_MIGRATE, Action.SUSPEND_TO_DISK,
                Action.TERMINATE, Action.COLD_RESTART}) {
            line.append(switch (action) {
                case PRESERVE -> "preserved ";
                case LIVE_MIGRATE -> "migrated ";
                case SUSPEND_TO_DISK -> "suspended ";
                case TERMINATE -> "terminated ";
                case COLD_RESTART -> "restarted ";
            }).append(seen.count(action, true)).append('/').append(seen.count(action, false)).append("  ");
        }
        return line.toString().stripTrailing();
    }

    private static String downtime(DemoObservation seen) {
        return PlanReport.hours(seen.downtimeSoFarSeconds()) + " (all VMs, simulated)";
    }

    private static String waves(List<CampaignHost> hosts) {
        Map<Integer, StringBuilder> byWave = new TreeMap<>();
        hosts.stream().sorted(Comparator.comparingInt(CampaignHost::position)).forEach(h -> byWave
                .computeIfAbsent(h.wave(), w -> new StringBuilder()).append(symbol(h)));
        return String.join(" ", byWave.values().stream().map(StringBuilder::toString).toList());
    }

    private static String symbol(CampaignHost h) {
        if (h.state() == HostState.DONE) {
            return "\033[32m#\033[0m";
        }
        if (h.state() == HostState.FAILED) {
            return "\033[31mx\033[0m";
        }
        if (h.state() == HostState.SKIPPED) {
            return "-";
        }
        return h.inFlight() || h.state() != HostState.PENDING ? "\033[33m>\033[0m" : ".";
    }

    private static String shorten(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 90 ? text.substring(0, 87) + "..." : text;
    }
}
