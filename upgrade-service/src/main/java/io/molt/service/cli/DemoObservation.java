package io.molt.service.cli;

import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.plan.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The demo's campaign as read on one poll (the campaign, its hosts, VM actions and every event so far), and
 * the figures derived from it in simulated seconds.
 *
 * <p>A VM's simulated downtime: for PRESERVE, SUSPEND_TO_DISK and COLD_RESTART, what its agent reported
 * at restore (the simulated agents count it on the host's simulated clock, from the start of the guest's
 * take-down to the end of its restore); for LIVE_MIGRATE and TERMINATE, the planner's figure (the
 * simulated Nova does not model a migration's switchover). The campaign's times here (the running time, the
 * timeline) are wall time divided by the time scale, so they include the engine's own pace; the summary's
 * makespan is counted on the simulation's clocks instead ({@link SimulatedMakespan}).
 */
record DemoObservation(Campaign campaign, List<CampaignHost> hosts, List<VmAction> vms, List<CampaignEvent> events,
        double scale) {

    /** The VM's simulated downtime in seconds, or null while its action is not done. */
    Double downtimeSeconds(VmAction vm) {
        if (vm.state() != VmActionState.DONE) {
            return null;
        }
        return switch (vm.action()) {
            case PRESERVE, SUSPEND_TO_DISK, COLD_RESTART -> vm.actualDowntimeMs() != null
                    ? vm.actualDowntimeMs() / 1000.0 : vm.predictedDowntimeMs() / 1000.0;
            case LIVE_MIGRATE, TERMINATE -> vm.predictedDowntimeMs() / 1000.0;
        };
    }

    /** The sum of the simulated downtime of the VMs whose action is done. */
    double downtimeSoFarSeconds() {
        return vms.stream().map(this::downtimeSeconds).mapToDouble(d -> d == null ? 0 : d).sum();
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
