package io.molt.service.cli;

import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.plan.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's campaign as read on one poll (the campaign, its hosts, VM actions and every event so far), and
 * the figures derived from it in simulated seconds: wall time divided by the time scale.
 *
 * <p>A VM's simulated downtime: for PRESERVE, what the agent reported at restore; for SUSPEND_TO_DISK and
 * COLD_RESTART, how long its host took from the start of PRESERVE (guests saved or shut down) to the end
 * of RESTORE (guests running again); for LIVE_MIGRATE and TERMINATE, the planner's figure (the simulated
 * Nova does not model a migration's switchover).
 */
record DemoObservation(Campaign campaign, List<CampaignHost> hosts, List<VmAction> vms, List<CampaignEvent> events,
        double scale) {

    /** Per host, the simulated seconds from PRESERVE started to RESTORE done (only hosts that got that far). */
    Map<String, Double> guestWindows() {
        Map<String, Instant> saved = new HashMap<>();
        Map<String, Double> windows = new HashMap<>();
        for (CampaignEvent e : events) {
            if (e.host() == null) {
                continue;
            }
            if (e.type().equals("host.step.started") && e.message().startsWith("PRESERVE ")) {
                saved.putIfAbsent(e.host(), e.occurredAt());
            } else if (e.type().equals("host.step.completed") && e.message().startsWith("RESTORE ")
                    && saved.containsKey(e.host())) {
                windows.put(e.host(), simulated(Duration.between(saved.get(e.host()), e.occurredAt())));
            }
        }
        return windows;
    }

    /** The VM's simulated downtime in seconds, or null while its action is not done. */
    Double downtimeSeconds(VmAction vm, Map<String, Double> windows) {
        if (vm.state() != VmActionState.DONE) {
            return null;
        }
        return switch (vm.action()) {
            case PRESERVE -> vm.actualDowntimeMs() != null ? vm.actualDowntimeMs() / 1000.0
                    : vm.predictedDowntimeMs() / 1000.0;
            case SUSPEND_TO_DISK, COLD_RESTART -> windows.getOrDefault(vm.sourceHost(), vm.predictedDowntimeMs() / 1000.0);
            case LIVE_MIGRATE, TERMINATE -> vm.predictedDowntimeMs() / 1000.0;
        };
    }

    /** Simulated seconds the campaign spent RUNNING (paused time left out), up to {@code now}. */
    double runningSeconds(Instant now) {
        Instant since = null;
        Duration total = Duration.ZERO;
        for (CampaignEvent e : events) {
            if (e.host() != null || !e.type().startsWith("campaign.")) {
                continue;
            }
            if (e.type().equals("campaign.running")) {
                since = since == null ? e.occurredAt() : since;
            } else if (since != null) {
                total = total.plus(Duration.between(since, e.occurredAt()));
                since = null;
            }
        }
        if (since != null) {
            total = total.plus(Duration.between(since, now));
        }
        return simulated(total);
    }

    /** When the campaign first ran, or null. */
    Instant started() {
        return events.stream().filter(e -> e.type().equals("campaign.running")).map(CampaignEvent::occurredAt)
                .findFirst().orElse(null);
    }

    long count(Action action, boolean done) {
        return vms.stream().filter(v -> v.action() == action && (!done || v.state() == VmActionState.DONE)).count();
    }

    double simulated(Duration wall) {
        return wall.toNanos() / 1e9 / scale;
    }
}
