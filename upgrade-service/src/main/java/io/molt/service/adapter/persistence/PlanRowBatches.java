package io.molt.service.adapter.persistence;

import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.VmAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rows of a new campaign's plan (a host row per host, a VM row per VM: 410,000 rows for 10,000 hosts):
 * the host rows as JDBC batches of {@value #BATCH} statements, which the PostgreSQL driver rewrites into
 * multi-row inserts ({@code reWriteBatchedInserts}, application.yml), so that a host another campaign holds
 * is the insert's duplicate key; the VM rows through {@code COPY}.
 */
final class PlanRowBatches {

    static final int BATCH = 1000;

    /** Characters of COPY data sent at a time. */
    static final int COPY_CHUNK = 1 << 20;

    /** The columns of a new VM row, in the order of {@link VmActionCopyLine}. */
    static final String VM_COLUMNS = "campaign_id, vm_uuid, vm_name, source_host, action, destination_host, reason, "
            + "planned_vm_state, state, predicted_downtime_ms, project_id, moved_mib, guest_order";

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

    /**
     * The VM rows through {@code COPY ... FROM STDIN} (text format), in chunks of about {@value #COPY_CHUNK}
     * characters: no statement to parse and plan per thousand rows, no parameters to bind; the rows go in
     * the caller's transaction, constraints and triggers checked as for an insert. A connection that is not
     * PostgreSQL's driver's (behind a proxy that does not unwrap) gets the batched insert.
     */
    void insertVms(List<VmAction> vms) {
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            if (!connection.isWrapperFor(PGConnection.class)) {
                insertVmsInBatches(vms);
                return null;
            }
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY vm_action (" + VM_COLUMNS
                    + ") FROM STDIN");
            try {
                StringBuilder chunk = new StringBuilder(COPY_CHUNK + 4096);
                for (VmAction vm : vms) {
                    VmActionCopyLine.append(chunk, vm);
                    if (chunk.length() >= COPY_CHUNK) {
                        write(copy, chunk);
                    }
                }
                write(copy, chunk);
                copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
            return null;
        });
    }

    private static void write(CopyIn copy, StringBuilder chunk) throws SQLException {
        byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        chunk.setLength(0);
    }

    private void insertVmsInBatches(List<VmAction> vms) {
        jdbc.batchUpdate("INSERT INTO vm_action (" + VM_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
