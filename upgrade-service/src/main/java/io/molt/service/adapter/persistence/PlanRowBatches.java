package io.molt.service.adapter.persistence;

import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.VmAction;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rows of a new campaign's plan (a host row per host, a VM row per VM: 410,000 rows for 10,000 hosts)
 * inserted as JDBC batches of {@value #BATCH} statements, which the PostgreSQL driver rewrites into
 * multi-row inserts ({@code reWriteBatchedInserts}, application.yml): one round trip per batch, not per row.
 */
final class PlanRowBatches {

    static final int BATCH = 1000;

    private final JdbcTemplate jdbc;

    PlanRowBatches(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insertHosts(List<CampaignHost> hosts) {
        jdbc.batchUpdate("INSERT INTO campaign_host (campaign_id, host, wave, position, state) VALUES (?, ?, ?, ?, ?)",
                hosts, BATCH, (statement, h) -> {
                    statement.setObject(1, UUID.fromString(h.campaignId()));
                    statement.setString(2, h.host());
                    statement.setInt(3, h.wave());
                    statement.setInt(4, h.position());
                    statement.setString(5, h.state().name());
                });
    }

    void insertVms(List<VmAction> vms) {
        jdbc.batchUpdate("""
                INSERT INTO vm_action (campaign_id, vm_uuid, vm_name, source_host, action, destination_host, reason,
                    planned_vm_state, state, predicted_downtime_ms, project_id, moved_mib, guest_order)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                vms, BATCH, (statement, v) -> {
                    statement.setObject(1, UUID.fromString(v.campaignId()));
                    statement.setObject(2, UUID.fromString(v.vmUuid()));
                    statement.setString(3, v.vmName());
                    statement.setString(4, v.sourceHost());
                    statement.setString(5, v.action().name());
                    statement.setString(6, v.destination());
                    statement.setString(7, v.reason());
                    statement.setString(8, v.plannedVmState() == null ? null : v.plannedVmState().name());
                    statement.setString(9, v.state().name());
                    statement.setLong(10, v.predictedDowntimeMs());
                    statement.setString(11, v.projectId());
                    statement.setDouble(12, v.movedMib());
                    statement.setInt(13, v.guestOrder());
                });
    }
}
