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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

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

    /** One row per VM: its first step in the plan (a VM met again on a later host is re-planned there). */
    static List<VmAction> vms(String campaignId, Plan plan, CloudSnapshot snapshot) {
        Map<String, VmAction> rows = new LinkedHashMap<>();
        for (Wave wave : plan.waves()) {
            for (HostStep host : wave.hosts()) {
                vms(campaignId, host, snapshot).forEach(v -> rows.putIfAbsent(v.vmUuid(), v));
            }
        }
        return List.copyOf(rows.values());
    }

    static List<VmAction> vms(String campaignId, HostStep host, CloudSnapshot snapshot) {
        Map<String, Vm> byUuid = snapshot.vms().stream().collect(Collectors.toMap(Vm::uuid, Function.identity()));
        List<VmAction> rows = new ArrayList<>();
        for (VmStep step : host.vms()) {
            Vm vm = byUuid.get(step.vmUuid());
            rows.add(new VmAction(campaignId, step.vmUuid(), vm == null ? null : vm.name(), host.host(),
                    step.action(), step.destination(), step.reason().text(), vm == null ? null : vm.state(),
                    VmActionState.PENDING, null,
                    Math.round(step.downtimeSeconds() * 1000), null, null, 0, vm == null ? null : vm.projectId(),
                    step.movedMib()));
        }
        return rows;
    }
}
