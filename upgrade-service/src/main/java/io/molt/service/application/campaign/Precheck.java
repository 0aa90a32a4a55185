package io.molt.service.application.campaign;

import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.HostStep;
import io.molt.service.domain.plan.PlanOutcome;
import io.molt.service.domain.plan.UpgradePlanner;
import io.molt.service.domain.plan.Violation;
import io.molt.service.domain.plan.Wave;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The PRECHECK step, against a fresh observation: the host is up and its agent online, none of its guests
 * is busy, and a re-plan of the hosts still to do ({@link Replan}: those done as {@code upgradedHosts}, the
 * approved order, the hosts this campaign disabled counted as enabled) keeps capacity and anti-affinity;
 * this host's VM actions are replaced by the re-plan's. The re-plan starts with this host, then the hosts
 * in flight and the rest of its wave: its moves are chosen against where every VM is now. (Taking this
 * host's moves from a later wave of the re-plan would assume earlier waves' migrations had happened, and
 * could send a VM next to an anti-affinity peer that has not left yet.)
 */
final class Precheck {

    private final CloudObserver observer;
    private final UpgradePlanner planner = new UpgradePlanner();

    Precheck(CloudObserver observer) {
        this.observer = observer;
    }

    StepOutcome run(Campaign campaign, CampaignHost host, List<CampaignHost> all, List<VmAction> vms, Instant now) {
        CloudSnapshot snapshot = observer.snapshot();
        Host seen = snapshot.hosts().stream().filter(h -> h.name().equals(host.host())).findFirst().orElse(null);
        if (seen == null || !seen.up()) {
            return StepOutcome.failed("nova-compute on " + host.host() + " is not up; start it or abort the campaign",
                    true, List.of(), List.of());
        }
        if (!observer.agentOnline(host.host())) {
            return StepOutcome.failed("the agent of " + host.host() + " is offline", true, List.of(), List.of());
        }
        List<String> busy = snapshot.vms().stream().filter(v -> v.host().equals(host.host()))
                .filter(v -> v.state() == VmState.BUSY || v.taskState() != null).map(Vm::uuid).toList();
        if (!busy.isEmpty()) {
            return StepOutcome.failed("guests on " + host.host() + " are busy (a task runs): " + busy, true, List.of(),
                    List.of());
        }
        PlanOutcome outcome = planner.plan(Replan.snapshot(snapshot, campaign), campaign.target(),
                Replan.options(campaign, host, all));
        if (outcome instanceof PlanOutcome.Infeasible infeasible) {
            return StepOutcome.failed("re-plan against the cloud as it is now found no safe plan: "
                    + infeasible.violations().stream().limit(3).map(Violation::describe)
                            .collect(Collectors.joining("; ")) + "; free capacity or relax the campaign's limits, then resume", false, List.of(), List.of());
        }
        HostStep step = ((PlanOutcome.Planned) outcome).plan().waves().stream().map(Wave::hosts)
                .flatMap(List::stream).filter(h -> h.host().equals(host.host())).findFirst().orElse(null);
        if (step == null) {
            return StepOutcome.failed("the re-plan leaves " + host.host() + " out (is its nova-compute down?)", true,
                    List.of(), List.of());
        }
        List<VmAction> fresh = PlanRows.vms(campaign.id(), step, snapshot);
        Set<String> planned = fresh.stream().map(VmAction::vmUuid).collect(Collectors.toSet());
        List<VmAction> updates = new ArrayList<>(fresh);
        vms.stream().filter(v -> v.sourceHost().equals(host.host()) && v.state() == VmActionState.PENDING)
                .filter(v -> !planned.contains(v.vmUuid()))
                .forEach(v -> updates.add(v.moved(VmActionState.SKIPPED, null, null, "no longer on " + host.host())));
        CampaignEvent event = CampaignEvent.of(now, campaign.id(), host.host(), "host.replanned", "re-planned "
                + host.host() + " against a fresh snapshot: " + fresh.size() + " guests");
        return StepOutcome.succeeded("prechecks passed; " + fresh.size() + " guests planned", updates, List.of(event));
    }
}
