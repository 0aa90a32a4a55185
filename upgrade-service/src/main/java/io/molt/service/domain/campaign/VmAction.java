package io.molt.service.domain.campaign;

import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.Action;
import java.util.Objects;

/**
 * What happens to one VM in a campaign: the planned action, its progress, predicted and actual downtime.
 * {@code plannedVmState} is the VM's state in the snapshot the action was planned from (null for rows from
 * before it was recorded).
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
        long version) {

    public VmAction {
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(vmUuid, "vmUuid");
        Objects.requireNonNull(sourceHost, "sourceHost");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(state, "state");
    }

    public VmAction moved(VmActionState next, String migration, Long downtimeMs, String error) {
        return new VmAction(campaignId, vmUuid, vmName, sourceHost, action, destination, reason, plannedVmState, next,
                migration == null ? migrationId : migration, predictedDowntimeMs,
                downtimeMs == null ? actualDowntimeMs : downtimeMs, error, version);
    }

    /** Whether the VM was stopped (not running) when its action was planned: it is not started again. */
    public boolean plannedStopped() {
        return plannedVmState != null && !plannedVmState.running();
    }

    /** Whether the VM leaves its host before the upgrade (it does not stay for the agent). */
    public boolean leavesHost() {
        return action == Action.LIVE_MIGRATE || action == Action.TERMINATE;
    }
}
