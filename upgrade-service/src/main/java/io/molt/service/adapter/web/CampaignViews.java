package io.molt.service.adapter.web;

import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.VmAction;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the campaign resources (snake_case on the wire). */
final class CampaignViews {

    private CampaignViews() {
    }

    record CampaignView(String id, String name, String state, String stateReason, String target,
            Map<String, Object> hosts, List<String> upgradeCommand, String createdBy, Instant createdAt,
            Instant updatedAt) {
        static CampaignView of(Campaign c) {
            Map<String, Object> selector = c.selector().hosts().isEmpty()
                    ? (c.selector().aggregate() != null ? Map.of("aggregate", c.selector().aggregate())
                    : Map.of("availability_zone", c.selector().availabilityZone()))
                    : Map.of("hosts", c.selector().hosts());
            return new CampaignView(c.id(), c.name(), c.state().name(), c.stateReason(), c.target().name(), selector,
                    c.upgrade().command(), c.createdBy(), c.createdAt(), c.updatedAt());
        }
    }

    record HostView(String host, int wave, int position, String state, String step, int attempt, String commandId,
            Instant stepStartedAt, String lastError, boolean upgraded, Instant updatedAt) {
        static HostView of(CampaignHost h) {
            return new HostView(h.host(), h.wave(), h.position(), h.state().name(),
                    h.step() == null ? null : h.step().name(), h.attempt(), h.commandId(), h.stepStartedAt(),
                    h.lastError(), h.upgraded(), h.updatedAt());
        }
    }

    record VmView(String vmUuid, String vmName, String sourceHost, String action, String destination, String reason,
            String state, String migrationId, long predictedDowntimeMs, Long actualDowntimeMs, String lastError) {
        static VmView of(VmAction v) {
            return new VmView(v.vmUuid(), v.vmName(), v.sourceHost(), v.action().name(), v.destination(), v.reason(),
                    v.state().name(), v.migrationId(), v.predictedDowntimeMs(), v.actualDowntimeMs(), v.lastError());
        }
    }

    record EventView(long id, Instant occurredAt, String host, String vmUuid, String type, String message,
            Map<String, String> detail) {
        static EventView of(CampaignEvent e) {
            return new EventView(e.id(), e.occurredAt(), e.host(), e.vmUuid(), e.type(), e.message(), e.detail());
        }
    }
}
