package io.molt.service.application.campaign;

import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.HostNotice;
import io.molt.service.domain.campaign.HostState;
import io.molt.service.domain.campaign.Notification;
import io.molt.service.domain.campaign.Notification.Priority;
import io.molt.service.domain.campaign.Step;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The notifications a campaign sends (docs/notifications.md, ADR 0016). Per VM: {@code molt.maintenance.scheduled}
 * when its host's notice goes out, {@code .start} when the step that touches it begins (EVACUATE for the VMs that
 * leave the host, PRESERVE for those that stay), {@code .end} when its action is over, with the measured downtime,
 * and {@code .cancelled} when it is skipped (an abort, or it left the host by itself). The message id of a VM's notification is derived
 * from the campaign, event type, VM and host, so it is stored (and sent) once however often the engine gets there.
 * Per campaign and host: {@code molt.campaign.update} and {@code molt.host.update} on every change of state.
 */
final class TenantNotifications {

    static final String SCHEDULED = "molt.maintenance.scheduled";
    static final String START = "molt.maintenance.start";
    static final String END = "molt.maintenance.end";
    static final String CANCELLED = "molt.maintenance.cancelled";
    static final String CAMPAIGN_UPDATE = "molt.campaign.update";
    static final String HOST_UPDATE = "molt.host.update";
    static final String VERSION = "1.0";

    private TenantNotifications() {
    }

    static List<Notification> scheduled(Campaign campaign, HostNotice notice, List<VmAction> vms) {
        return vms.stream().map(vm -> {
            Map<String, Object> payload = vmPayload(campaign, vm);
            payload.put("notice_sent_at", notice.sentAt().toString());
            payload.put("window_start", notice.dueAt().toString());
            return vmNotification(SCHEDULED, Priority.INFO, notice.sentAt(), campaign, vm, payload);
        }).toList();
    }

    /** The VMs a beginning step touches: a notice for those that had none (they came later) and their start. */
    static List<Notification> started(Campaign campaign, Step step, List<VmAction> hostVms, Instant now) {
        List<VmAction> touched = hostVms.stream().filter(vm -> touches(step, vm)).toList();
        List<Notification> all = new java.util.ArrayList<>(scheduled(campaign, new HostNotice(campaign.id(), null, now,
                now), touched));
        touched.forEach(vm -> {
            Map<String, Object> payload = vmPayload(campaign, vm);
            payload.put("step", step.name());
            all.add(vmNotification(START, Priority.INFO, now, campaign, vm, payload));
        });
        return all;
    }

    /**
     * An end for each VM of {@code updates} whose action is over (DONE or FAILED), a cancellation for each that
     * was skipped (an abort, or the VM left the host by itself).
     */
    static List<Notification> ended(Campaign campaign, List<VmAction> updates, Instant now) {
        return updates.stream().filter(VmAction::finished).map(vm -> {
            Map<String, Object> payload = vmPayload(campaign, vm);
            if (vm.state() == VmActionState.SKIPPED) {
                payload.put("reason", vm.lastError());
                return vmNotification(CANCELLED, Priority.INFO, now, campaign, vm, payload);
            }
            payload.put("actual_downtime_ms", vm.actualDowntimeMs());
            payload.put("error", vm.lastError());
            return vmNotification(END, vm.state() == VmActionState.FAILED ? Priority.ERROR : Priority.INFO, now,
                    campaign, vm, payload);
        }).toList();
    }

    static Notification campaignChanged(Campaign before, CampaignState next, String reason, Instant now) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("campaign_id", before.id());
        payload.put("name", before.name());
        payload.put("target", before.target().name());
        payload.put("state", next.name());
        payload.put("old_state", before.state().name());
        payload.put("reason", reason);
        Priority priority = next == CampaignState.FAILED ? Priority.ERROR
                : next == CampaignState.PAUSED ? Priority.WARN : Priority.INFO;
        return new Notification(UUID.randomUUID().toString(), CAMPAIGN_UPDATE, priority, now, "CampaignPayload",
                VERSION, payload);
    }

    static Notification hostChanged(Campaign campaign, CampaignHost before, CampaignHost after, Instant now) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("campaign_id", campaign.id());
        payload.put("host", after.host());
        payload.put("wave", after.wave());
        payload.put("state", after.state().name());
        payload.put("old_state", before.state().name());
        payload.put("step", before.step() == null ? null : before.step().name());
        payload.put("error", after.lastError());
        return new Notification(UUID.randomUUID().toString(), HOST_UPDATE,
                after.state() == HostState.FAILED ? Priority.ERROR : Priority.INFO, now, "HostPayload", VERSION, payload);
    }

    private static boolean touches(Step step, VmAction vm) {
        return vm.state() != VmActionState.SKIPPED
                && (step == Step.EVACUATE && vm.leavesHost() || step == Step.PRESERVE && !vm.leavesHost());
    }

    private static Map<String, Object> vmPayload(Campaign campaign, VmAction vm) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("instance_uuid", vm.vmUuid());
        payload.put("display_name", vm.vmName());
        payload.put("project_id", vm.projectId());
        payload.put("host", vm.sourceHost());
        payload.put("campaign_id", campaign.id());
        payload.put("campaign_name", campaign.name());
        payload.put("action", vm.action().name());
        payload.put("destination_host", vm.destination());
        payload.put("predicted_downtime_ms", vm.predictedDowntimeMs());
        payload.put("state", vm.state().name());
        return payload;
    }

    private static Notification vmNotification(String type, Priority priority, Instant at, Campaign campaign,
            VmAction vm, Map<String, Object> payload) {
        String key = campaign.id() + "/" + type + "/" + vm.vmUuid() + "/" + vm.sourceHost();
        return new Notification(UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString(), type,
                priority, at, "MaintenancePayload", VERSION, payload);
    }
}
