package io.molt.service.domain.campaign;

import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.Action;
import java.util.Objects;

/**
 * What happens to one VM in a campaign: the planned action, its progress, predicted and actual downtime.
 * {@code plannedVmState} is the VM's state in the snapshot the action was planned from (null for rows from
 * before it was recorded). {@code projectId} (the VM's owner, whom its notifications concern) and
 * {@code movedMib} (the data its action is planned to send over the network) are null and 0 for rows from
 * before they were recorded. {@code guestOrder} is the VM's place among its host's VMs in the plan: the
 * engine sends a host's guests in that order (migrations, then the take-downs and returns of those that
 * stay, in the order the planner chose for their waits); 0 for rows from before it was recorded, which then
 * go in uuid order.
 */
public record VmAction(
        String campaignId,
        String vmUuid,
        String vmName,
        String sourceHost,
        Action action,
        String destination,
        String reason,
        VmState plannedVmState,
        VmActionState state,
        String migrationId,
        long predictedDowntimeMs,
        Long actualDowntimeMs,
        String lastError,
        long version,
        String projectId,
        double movedMib,
        int guestOrder) {

    public VmAction {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(vmUuid, "vmUuid");
        Objects.requireNonNull(sourceHost, "sourceHost");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(state, "state");
    }

    /** A row without owner and moved data (tests, rows from before they were recorded). */
    public VmAction(String campaignId, String vmUuid, String vmName, String sourceHost, Action action,
            String destination, String reason, VmState plannedVmState, VmActionState state, String migrationId,
            long predictedDowntimeMs, Long actualDowntimeMs, String lastError, long version) {
        this(campaignId, vmUuid, vmName, sourceHost, action, destination, reason, plannedVmState, state, migrationId,
                predictedDowntimeMs, actualDowntimeMs, lastError, version, null, 0);
    }

    /** A row without its place in the host's guest order (tests, rows from before it was recorded). */
    public VmAction(String campaignId, String vmUuid, String vmName, String sourceHost, Action action,
            String destination, String reason, VmState plannedVmState, VmActionState state, String migrationId,
            long predictedDowntimeMs, Long actualDowntimeMs, String lastError, long version, String projectId,
            double movedMib) {
        this(campaignId, vmUuid, vmName, sourceHost, action, destination, reason, plannedVmState, state, migrationId,
                predictedDowntimeMs, actualDowntimeMs, lastError, version, projectId, movedMib, 0);
    }

    public VmAction moved(VmActionState next, String migration, Long downtimeMs, String error) {
        return new VmAction(campaignId, vmUuid, vmName, sourceHost, action, destination, reason, plannedVmState, next,
                migration == null ? migrationId : migration, predictedDowntimeMs,
                downtimeMs == null ? actualDowntimeMs : downtimeMs, error, version, projectId, movedMib, guestOrder);
    }

    /** Whether the VM was stopped (not running) when its action was planned: it is not started again. */
    public boolean plannedStopped() {
        return plannedVmState != null && !plannedVmState.running();
    }

    /** Whether nothing more happens to the VM in this campaign. */
    public boolean finished() {
        return state == VmActionState.DONE || state == VmActionState.FAILED || state == VmActionState.SKIPPED;
    }

    /** Whether the VM leaves its host before the upgrade (it does not stay for the agent). */
    public boolean leavesHost() {
        return action == Action.LIVE_MIGRATE || action == Action.TERMINATE;
    }
}
