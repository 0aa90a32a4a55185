package io.molt.service.adapter.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.adapter.json.CampaignOptionsJson;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.HostSelector;
import io.molt.service.domain.campaign.HostState;
import io.molt.service.domain.campaign.Step;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.UpgradeTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps campaign rows to domain records and back to JSON columns. */
final class CampaignRowMapper {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> TEXT_MAP = new TypeReference<>() {
    };

    private final ObjectMapper json = new ObjectMapper();
    private final CampaignOptionsJson optionsJson = new CampaignOptionsJson();

    Campaign campaign(ResultSet rs, int row) throws SQLException {
        Map<String, Object> selector = read(rs.getString("host_selector"), MAP);
        Map<String, Object> upgrade = read(rs.getString("upgrade_command"), MAP);
        return new Campaign(rs.getString("id"), rs.getString("name"), CampaignState.valueOf(rs.getString("state")),
                rs.getString("state_reason"), UpgradeTarget.valueOf(rs.getString("upgrade_target")),
                selector(selector), options(rs.getString("options")), upgrade(upgrade),
                rs.getString("created_by"), instant(rs, "created_at"), instant(rs, "updated_at"),
                rs.getBoolean("re_enable_on_abort"), rs.getLong("version"));
    }

    CampaignHost host(ResultSet rs, int row) throws SQLException {
        String step = rs.getString("step");
        String failedIn = rs.getString("failed_in");
        return new CampaignHost(rs.getString("campaign_id"), rs.getString("host"), rs.getInt("wave"),
                rs.getInt("position"), HostState.valueOf(rs.getString("state")), step == null ? null : Step.valueOf(step),
                rs.getInt("step_attempt"), rs.getString("step_command_id"), instant(rs, "step_started_at"),
                rs.getString("last_error"), failedIn == null ? null : HostState.valueOf(failedIn),
                rs.getBoolean("upgraded"), instant(rs, "updated_at"), rs.getLong("version"));
    }

    VmAction vm(ResultSet rs, int row) throws SQLException {
        long actual = rs.getLong("actual_downtime_ms");
        Long actualMs = rs.wasNull() ? null : actual;
        String planned = rs.getString("planned_vm_state");
        return new VmAction(rs.getString("campaign_id"), rs.getString("vm_uuid"), rs.getString("vm_name"),
                rs.getString("source_host"), Action.valueOf(rs.getString("action")), rs.getString("destination_host"),
                rs.getString("reason"), planned == null ? null : VmState.valueOf(planned),
                VmActionState.valueOf(rs.getString("state")), rs.getString("migration_id"),
                rs.getLong("predicted_downtime_ms"), actualMs, rs.getString("last_error"), rs.getLong("version"),
                rs.getString("project_id"), rs.getDouble("moved_mib"), rs.getInt("guest_order"));
    }

    CampaignEvent event(ResultSet rs, int row) throws SQLException {
        String detail = rs.getString("detail");
        return new CampaignEvent(rs.getLong("id"), instant(rs, "occurred_at"), rs.getString("campaign_id"),
                rs.getString("host"), rs.getString("vm_uuid"), rs.getString("type"), rs.getString("message"),
                detail == null ? Map.of() : read(detail, TEXT_MAP));
    }

    String selectorJson(HostSelector selector) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (!selector.hosts().isEmpty()) {
            map.put("hosts", selector.hosts());
        }
        if (selector.aggregate() != null) {
            map.put("aggregate", selector.aggregate());
        }
        if (selector.availabilityZone() != null) {
            map.put("availability_zone", selector.availabilityZone());
        }
        return write(map);
    }

    String upgradeJson(UpgradeSpec upgrade) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("command", upgrade.command());
        map.put("timeout_seconds", upgrade.timeoutSeconds());
        map.put("expected_hypervisor_version", upgrade.expectedHypervisorVersion());
        return write(map);
    }

    String optionsJson(CampaignOptions options) {
        try {
            return optionsJson.write(options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static HostSelector selector(Map<String, Object> map) {
        return new HostSelector((List<String>) map.get("hosts"), (String) map.get("aggregate"),
                (String) map.get("availability_zone"));
    }

    @SuppressWarnings("unchecked")
    private static UpgradeSpec upgrade(Map<String, Object> map) {
        return new UpgradeSpec((List<String>) map.get("command"), ((Number) map.get("timeout_seconds")).longValue(),
                (String) map.get("expected_hypervisor_version"));
    }

    private CampaignOptions options(String text) {
        try {
            return optionsJson.read(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
