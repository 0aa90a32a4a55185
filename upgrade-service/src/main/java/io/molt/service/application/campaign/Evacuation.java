package io.molt.service.application.campaign;

import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.cloud.CloudException;
import io.molt.service.domain.cloud.LiveMigration;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.port.ComputeCloud;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The EVACUATE step: one guest at a time (Nova's default of one live migration per host), each checked
 * against the cloud first (already gone, already moved), so that running the step again after a crash
 * starts no second migration. Guests whose policy allows it and whose action is TERMINATE are deleted.
 */
final class Evacuation {

    private final ComputeCloud cloud;
    private final Duration migrationTimeout;
    private final java.util.function.Consumer<String> keepLease;
    private final Clock clock;

    Evacuation(ComputeCloud cloud, Duration migrationTimeout, java.util.function.Consumer<String> keepLease,
            Clock clock) {
        this.cloud = cloud;
        this.migrationTimeout = migrationTimeout;
        this.keepLease = keepLease;
        this.clock = clock;
    }

    StepOutcome run(Campaign campaign, CampaignHost host, List<VmAction> vms) {
        Map<String, Vm> seen = cloud.snapshot().vms().stream().collect(Collectors.toMap(Vm::uuid, Function.identity()));
        List<VmAction> updates = new ArrayList<>();
        List<CampaignEvent> events = new ArrayList<>();
        for (VmAction vm : vms) {
            if (!vm.sourceHost().equals(host.host()) || !vm.leavesHost() || vm.state() == VmActionState.DONE
                    || vm.state() == VmActionState.SKIPPED) {
                continue;
            }
            Vm now = seen.get(vm.vmUuid());
            if (now == null) {
                updates.add(vm.moved(VmActionState.DONE, null, null, null));
                continue;
            }
            if (vm.action() == Action.TERMINATE) {
                cloud.deleteServer(vm.vmUuid());
                updates.add(vm.moved(VmActionState.DONE, null, 0L, null));
                events.add(event(campaign, host, vm, "vm.terminated", "deleted as its policy allows"));
                continue;
            }
            if (!now.host().equals(host.host())) {
                updates.add(vm.moved(VmActionState.DONE, null, null, null));
                continue;
            }
            String error = migrate(vm, updates, events, campaign, host);
            if (error != null) {
                return StepOutcome.failed(error, true, updates, events);
            }
        }
        return StepOutcome.succeeded("guests moved off " + host.host(), updates, events);
    }

    private String migrate(VmAction vm, List<VmAction> updates, List<CampaignEvent> events, Campaign campaign,
            CampaignHost host) {
        String what = "live migration of " + vm.vmName() + " (" + vm.vmUuid() + ") from " + host.host() + " to "
                + (vm.destination() == null ? "the scheduler's choice" : vm.destination());
        try {
            keepLease.accept(campaign.id());
            Optional<LiveMigration> started = cloud.liveMigrate(vm.vmUuid(), Optional.ofNullable(vm.destination()));
            if (started.isEmpty()) {
                updates.add(vm.moved(VmActionState.DONE, null, null, null));
                return null;
            }
            long[] lastRenew = {System.nanoTime()};
            LiveMigration end = cloud.awaitMigration(vm.vmUuid(), started.get().id(), migrationTimeout, m -> {
                if (System.nanoTime() - lastRenew[0] > 2_000_000_000L) {
                    keepLease.accept(campaign.id());
                    lastRenew[0] = System.nanoTime();
                }
            });
            String migrationId = Long.toString(end.id());
            if (end.status() == LiveMigration.Status.COMPLETED) {
                updates.add(vm.moved(VmActionState.DONE, migrationId, null, null));
                events.add(event(campaign, host, vm, "vm.migrated", what + " completed (migration " + migrationId + ")"));
                return null;
            }
            String error = what + " ended " + end.status() + " (migration " + migrationId + ")";
            updates.add(vm.moved(VmActionState.FAILED, migrationId, null, error));
            events.add(event(campaign, host, vm, "vm.migration.failed", error));
            return error;
        } catch (CloudException e) {
            String error = what + " failed: " + e.getMessage();
            updates.add(vm.moved(VmActionState.FAILED, null, null, error));
            events.add(event(campaign, host, vm, "vm.migration.failed", error));
            return error;
        }
    }

    private CampaignEvent event(Campaign campaign, CampaignHost host, VmAction vm, String type, String message) {
        return new CampaignEvent(null, clock.instant(), campaign.id(), host.host(), vm.vmUuid(), type, message, Map.of());
    }
}
