package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.ServerGroup;
import io.molt.service.domain.cloud.ServerGroup.GroupPolicy;
import io.molt.service.domain.cloud.Vm;
import java.util.HashMap;
import java.util.Map;

/**
 * Evacuate-all per VM and per host with room everywhere (the lower bound of the plan's rolled evacuation,
 * {@link RollingEvacuation}), recomputed from its rules (Baselines' javadoc) independently of the planner: a running VM live-migrates where its policy, the campaign and its devices allow and the pre-copy
 * converges, unless a member of its hard affinity group on the same host cannot; else it is restarted. A
 * host's step is its migrations one after the other (over the migrations a host runs at once) and the
 * host's fixed time, with the guests' shutdown and boot if any VM is restarted.
 */
final class EvacuationRules {

    final CostModel costs;
    private final Map<String, ActionCost> perVm = new HashMap<>();
    private final Map<String, Double> perHost = new HashMap<>();

    EvacuationRules(CloudSnapshot cloud, UpgradeTarget target, CampaignOptions options) {
        costs = new CostModel(options.cost());
        Map<String, String> affinity = new HashMap<>();
        for (ServerGroup group : cloud.serverGroups()) {
            if (group.policy() == GroupPolicy.AFFINITY) {
                group.memberUuids().forEach(member -> affinity.put(member, group.id()));
            }
        }
        Map<String, ActionCost> migration = new HashMap<>();
        for (Vm vm : cloud.vms()) {
            if (vm.state().running() && PolicyRules.allows(vm.policy(), Action.LIVE_MIGRATE) && !vm.specialDevices()
                    && options.allowedActions().contains(Action.LIVE_MIGRATE)
                    && costs.migration(vm) instanceof MigrationEstimate.Converges converges) {
                migration.put(vm.uuid(), costs.liveMigrate(converges));
            }
        }
        Map<String, Boolean> stays = new HashMap<>();
        for (Vm vm : cloud.vms()) {
            String group = affinity.get(vm.uuid());
            if (group != null) {
                stays.merge(group + "@" + vm.host(), !migration.containsKey(vm.uuid()), Boolean::logicalOr);
            }
        }
        Map<String, Double> migrating = new HashMap<>();
        Map<String, Boolean> anyCold = new HashMap<>();
        for (Vm vm : cloud.vms()) {
            if (!vm.state().running()) {
                continue;
            }
            String group = affinity.get(vm.uuid());
            boolean held = group != null && stays.get(group + "@" + vm.host());
            ActionCost move = held ? null : migration.get(vm.uuid());
            if (move != null) {
                perVm.put(vm.uuid(), move);
                migrating.merge(vm.host(), move.busySeconds(), Double::sum);
            } else {
                anyCold.put(vm.host(), true);
            }
        }
        for (io.molt.service.domain.cloud.Host host : cloud.hosts()) {
            perHost.put(host.name(), migrating.getOrDefault(host.name(), 0.0) / options.maxMigrationsPerHost()
                    + costs.hostFixedSeconds(target, anyCold.getOrDefault(host.name(), false)));
        }
    }

    /** The VM's live migration in the evacuation, or null if it is restarted (or not running). */
    ActionCost move(String uuid) {
        return perVm.get(uuid);
    }

    double movedMib(String uuid) {
        ActionCost move = perVm.get(uuid);
        return move == null ? 0 : move.movedMib();
    }

    /**
     * Whether the plan's evacuate-all baseline, rolled inside the cloud, moved each VM these rules migrate once
     * and restarted no other for want of room: it is then exactly these rules' room-everywhere evacuation.
     */
    boolean sameAsRolled(PlanTotals rolled, CloudSnapshot cloud, java.util.Set<String> planned) {
        long migrating = cloud.vms().stream().filter(vm -> planned.contains(vm.host()) && migrates(vm.uuid()))
                .count();
        return rolled.vmsMovedTwice() == 0 && rolled.actions().getOrDefault(Action.LIVE_MIGRATE, 0) == migrating;
    }

    boolean migrates(String uuid) {
        return perVm.containsKey(uuid);
    }

    double hostSeconds(String host) {
        return perHost.get(host);
    }
}
