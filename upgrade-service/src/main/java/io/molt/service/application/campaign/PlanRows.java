package io.molt.service.application.campaign;

import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.plan.HostStep;
import io.molt.service.domain.plan.Plan;
import io.molt.service.domain.plan.VmStep;
import io.molt.service.domain.plan.Wave;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a plan into the campaign's host and VM rows. */
final class PlanRows {

    private PlanRows() {
    }

    static List<CampaignHost> hosts(String campaignId, Plan plan, Instant now) {
        List<CampaignHost> hosts = new ArrayList<>();
        int position = 0;
        for (Wave wave : plan.waves()) {
            for (HostStep step : wave.hosts()) {
                hosts.add(CampaignHost.pending(campaignId, step.host(), wave.number(), position++, now));
            }
        }
        return hosts;
    }

    /**
     * One row per VM, with its place among its host's steps: its first step in the plan (a VM met again on a later host is re-planned there). The
     * snapshot's VMs are indexed once: linear in the VMs, not in hosts times VMs.
     */
    static List<VmAction> vms(String campaignId, Plan plan, CloudSnapshot snapshot) {
        Map<String, Vm> byUuid = new HashMap<>(snapshot.vms().size() * 4 / 3 + 1);
        snapshot.vms().forEach(vm -> byUuid.put(vm.uuid(), vm));
        Map<String, VmAction> rows = new LinkedHashMap<>(snapshot.vms().size() * 4 / 3 + 1);
        for (Wave wave : plan.waves()) {
            for (HostStep host : wave.hosts()) {
                for (int order = 0; order < host.vms().size(); order++) {
                    VmStep step = host.vms().get(order);
                    if (!rows.containsKey(step.vmUuid())) {
                        rows.put(step.vmUuid(), row(campaignId, host, step, byUuid.get(step.vmUuid()), order));
                    }
                }
            }
        }
        return List.copyOf(rows.values());
    }

    /** The rows of one host's step (a re-plan at PRECHECK). */
    static List<VmAction> vms(String campaignId, HostStep host, CloudSnapshot snapshot) {
        Map<String, Vm> byUuid = new HashMap<>();
        host.vms().forEach(step -> byUuid.put(step.vmUuid(), null));
        snapshot.vms().stream().filter(vm -> byUuid.containsKey(vm.uuid())).forEach(vm -> byUuid.put(vm.uuid(), vm));
        List<VmAction> rows = new ArrayList<>(host.vms().size());
        for (int order = 0; order < host.vms().size(); order++) {
            VmStep step = host.vms().get(order);
            rows.add(row(campaignId, host, step, byUuid.get(step.vmUuid()), order));
        }
        return rows;
    }

    /** The row of one step; {@code order} is its place among the host's steps, the order the engine sends them in. */
    private static VmAction row(String campaignId, HostStep host, VmStep step, Vm vm, int order) {
        return new VmAction(campaignId, step.vmUuid(), vm == null ? null : vm.name(), host.host(), step.action(),
                step.destination(), step.reason().text(), vm == null ? null : vm.state(), VmActionState.PENDING, null,
                Math.round(step.downtimeSeconds() * 1000), null, null, 0, vm == null ? null : vm.projectId(),
                step.movedMib(), order);
    }
}
