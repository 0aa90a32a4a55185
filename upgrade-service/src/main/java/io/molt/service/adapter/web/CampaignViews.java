package io.molt.service.adapter.web;

import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.HostSelector;
import io.molt.service.domain.campaign.HostState;
import io.molt.service.domain.campaign.Step;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.UpgradeTarget;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the campaign resources (snake_case on the wire; a value that is absent is left out). Each
 * answer is a record, so that the API document describes exactly what is written.
 */
final class CampaignViews {

    private CampaignViews() {
    }

    @Schema(description = "Which hosts the campaign upgrades: exactly one of the three keys")
    record SelectorView(List<String> hosts, String aggregate, String availabilityZone) {
        static SelectorView of(HostSelector s) {
            return s.hosts().isEmpty() ? new SelectorView(null, s.aggregate(), s.availabilityZone())
                    : new SelectorView(s.hosts(), null, null);
        }
    }

    record CampaignView(@Schema(requiredMode = RequiredMode.REQUIRED, format = "uuid") String id,
            @Schema(requiredMode = RequiredMode.REQUIRED) String name,
            @Schema(requiredMode = RequiredMode.REQUIRED) CampaignState state,
            @Schema(description = "why the campaign is in this state (a failed step, who paused it...)")
            String stateReason,
            @Schema(requiredMode = RequiredMode.REQUIRED) UpgradeTarget target,
            @Schema(requiredMode = RequiredMode.REQUIRED) SelectorView hosts,
            @Schema(requiredMode = RequiredMode.REQUIRED) List<String> upgradeCommand,
            @Schema(requiredMode = RequiredMode.REQUIRED) String createdBy,
            @Schema(requiredMode = RequiredMode.REQUIRED) Instant createdAt,
            @Schema(requiredMode = RequiredMode.REQUIRED) Instant updatedAt) {
        static CampaignView of(Campaign c) {
            return new CampaignView(c.id(), c.name(), c.state(), c.stateReason(), c.target(),
                    SelectorView.of(c.selector()), c.upgrade().command(), c.createdBy(), c.createdAt(), c.updatedAt());
        }
    }

    record HostView(@Schema(requiredMode = RequiredMode.REQUIRED) String host,
            @Schema(requiredMode = RequiredMode.REQUIRED) int wave,
            @Schema(requiredMode = RequiredMode.REQUIRED) int position,
            @Schema(requiredMode = RequiredMode.REQUIRED) HostState state,
            Step step, int attempt, String commandId, Instant stepStartedAt, String lastError,
            @Schema(requiredMode = RequiredMode.REQUIRED) boolean upgraded,
            @Schema(requiredMode = RequiredMode.REQUIRED) Instant updatedAt) {
        static HostView of(CampaignHost h) {
            return new HostView(h.host(), h.wave(), h.position(), h.state(), h.step(), h.attempt(), h.commandId(),
                    h.stepStartedAt(), h.lastError(), h.upgraded(), h.updatedAt());
        }
    }

    record VmView(@Schema(requiredMode = RequiredMode.REQUIRED) String vmUuid, String vmName,
            @Schema(requiredMode = RequiredMode.REQUIRED) String sourceHost,
            @Schema(requiredMode = RequiredMode.REQUIRED) Action action,
            @Schema(description = "the live migration's destination host, when the action moves the VM")
            String destination,
            @Schema(description = "why the planner chose this action, in words") String reason,
            @Schema(requiredMode = RequiredMode.REQUIRED) VmActionState state, String migrationId,
            @Schema(requiredMode = RequiredMode.REQUIRED) long predictedDowntimeMs,
            @Schema(description = "measured once the VM is back") Long actualDowntimeMs, String lastError) {
        static VmView of(VmAction v) {
            return new VmView(v.vmUuid(), v.vmName(), v.sourceHost(), v.action(), v.destination(), v.reason(),
                    v.state(), v.migrationId(), v.predictedDowntimeMs(), v.actualDowntimeMs(), v.lastError());
        }
    }

    record EventView(@Schema(requiredMode = RequiredMode.REQUIRED) long id,
            @Schema(requiredMode = RequiredMode.REQUIRED) Instant occurredAt, String host, String vmUuid,
            @Schema(requiredMode = RequiredMode.REQUIRED, example = "host.step") String type,
            @Schema(requiredMode = RequiredMode.REQUIRED) String message, Map<String, String> detail) {
        static EventView of(CampaignEvent e) {
            return new EventView(e.id(), e.occurredAt(), e.host(), e.vmUuid(), e.type(), e.message(), e.detail());
        }
    }

    /** {@code {"campaign": {...}}}. */
    record OneCampaign(@Schema(requiredMode = RequiredMode.REQUIRED) CampaignView campaign) {
        static OneCampaign of(Campaign c) {
            return new OneCampaign(CampaignView.of(c));
        }
    }

    /** {@code {"campaigns": [...]}}. */
    record CampaignList(@Schema(requiredMode = RequiredMode.REQUIRED) List<CampaignView> campaigns) {
    }

    /** {@code {"host": {...}}}. */
    record OneHost(@Schema(requiredMode = RequiredMode.REQUIRED) HostView host) {
    }

    /** {@code {"hosts": [...]}}. */
    record HostList(@Schema(requiredMode = RequiredMode.REQUIRED) List<HostView> hosts) {
    }

    /** {@code {"vms": [...]}}. */
    record VmList(@Schema(requiredMode = RequiredMode.REQUIRED) List<VmView> vms) {
    }

    /** {@code {"events": [...]}}. */
    record EventList(@Schema(requiredMode = RequiredMode.REQUIRED) List<EventView> events) {
    }
}
