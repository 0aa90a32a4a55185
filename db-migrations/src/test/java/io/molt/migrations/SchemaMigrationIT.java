package io.molt.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Applies the migrations to a fresh database on the real PostgreSQL. */
class SchemaMigrationIT {

    private FreshDatabase db;
    private Flyway flyway;

    @BeforeEach
    void freshDatabase() {
        db = FreshDatabase.create("schema");
        flyway = MoltSchema.flyway(db.url(), db.user(), null);
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void createsEveryTableAndASecondRunIsANoOp() throws SQLException {
        MigrateResult first = flyway.migrate();
        MigrateResult second = flyway.migrate();

        assertThat(first.migrationsExecuted).isPositive();
        assertThat(second.migrationsExecuted).isZero();
        assertThat(tables()).contains("campaign", "campaign_host", "vm_action", "agent", "agent_command",
                "event", "outbox", "host_claim", "flyway_schema_history");
        flyway.validate();
    }

    @Test
    void aLowerNumberThatArrivesAfterAHigherOneIsApplied(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path scripts = java.nio.file.Path.of("src/main/resources/db/migration");
        for (String name : new String[] {"V1__initial_schema.sql", "V2__campaign_engine.sql", "V3__vm_state_at_plan.sql",
                "V8__tenant_notifications.sql"}) {
            java.nio.file.Files.copy(scripts.resolve(name), dir.resolve(name));
        }
        Flyway branch = MoltSchema.flyway(db.url(), db.user(), null, "filesystem:" + dir);
        assertThat(branch.migrate().migrationsExecuted).isEqualTo(4);
        java.nio.file.Files.copy(scripts.resolve("V4__host_claim.sql"), dir.resolve("V4__host_claim.sql"));
        MigrateResult merged = branch.migrate();
        assertThat(merged.migrationsExecuted).as("V4 after V8").isEqualTo(1);
        branch.validate();
    }

    @Test
    void hostRowsCarryStepAttemptCommandAndVersion() throws SQLException {
        flyway.migrate();

        assertThat(columns("campaign_host")).contains("state", "step", "step_attempt", "step_command_id", "version");
        assertThat(columns("vm_action")).contains("guest_order", "moved_mib");
        assertThat(columns("agent")).contains("host", "agent_version", "protocol_version", "capabilities",
                "last_heartbeat_at");
    }

    @Test
    void hostsTakeTheHookStatesAndStepsAndStillRefuseUnknownOnes() throws SQLException {
        flyway.migrate();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO campaign (id, name, state, upgrade_target, host_selector, options) VALUES "
                    + "('00000000-0000-0000-0000-000000000001', 'c', 'RUNNING', 'USERSPACE', '{}', '{}')");
            s.execute("INSERT INTO campaign_host (campaign_id, host, wave, position, state, step) VALUES "
                    + "('00000000-0000-0000-0000-000000000001', 'h1', 0, 0, 'PREPARED', 'DISABLE'), "
                    + "('00000000-0000-0000-0000-000000000001', 'h2', 0, 1, 'ENABLED', 'HOOK_AFTER_UP'), "
                    + "('00000000-0000-0000-0000-000000000001', 'h3', 0, 2, 'RETURNED', 'FINISH')");
            s.execute("UPDATE campaign_host SET state = 'FAILED', failed_in = 'PRECHECKED', step = 'HOOK_BEFORE_DOWN' "
                    + "WHERE host = 'h1'");
            s.execute("UPDATE campaign_host SET state = 'FAILED', failed_in = 'RETURNED' WHERE host = 'h3'");

            assertThatThrownBy(() -> s.execute("UPDATE campaign_host SET state = 'HOOKED' WHERE host = 'h2'"))
                    .hasMessageContaining("campaign_host_state_check");
            assertThatThrownBy(() -> s.execute("UPDATE campaign_host SET step = 'HOOK' WHERE host = 'h2'"))
                    .hasMessageContaining("campaign_host_step_check");
        }
    }

    @Test
    void eventsCannotBeRewritten() throws SQLException {
        flyway.migrate();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO event (type, message) VALUES ('test', 'written once')");

            assertThatThrownBy(() -> s.execute("UPDATE event SET message = 'rewritten'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.execute("DELETE FROM event"))
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    void aHostStateOutsideTheStateMachineIsRefused() throws SQLException {
        flyway.migrate();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO campaign (id, name, state, upgrade_target, host_selector, options) VALUES "
                    + "('00000000-0000-0000-0000-000000000001', 'c', 'PLANNED', 'KERNEL', '{}', '{}')");

            assertThatThrownBy(() -> s.execute("INSERT INTO campaign_host (campaign_id, host, wave, position, state)"
                    + " VALUES ('00000000-0000-0000-0000-000000000001', 'a', 0, 0, 'HALF_DONE')"))
                    .hasMessageContaining("campaign_host_state_check");
        }
    }

    @Test
    void aHostBelongsToOneUnfinishedCampaignAtATime() throws SQLException {
        flyway.migrate();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            String first = "00000000-0000-0000-0000-000000000001";
            String second = "00000000-0000-0000-0000-000000000002";
            for (String id : List.of(first, second)) {
                s.execute("INSERT INTO campaign (id, name, state, upgrade_target, host_selector, options) VALUES "
                        + "('" + id + "', 'c', 'PLANNED', 'KERNEL', '{}', '{}')");
            }
            s.execute(hostRow(first, "compute-1"));

            assertThatThrownBy(() -> s.execute(hostRow(second, "compute-1"))).hasMessageContaining("host_claim_pkey");

            s.execute("UPDATE campaign SET state = 'ABORTED' WHERE id = '" + first + "'");
            s.execute(hostRow(second, "compute-1"));
            assertThat(strings("SELECT campaign_id FROM host_claim WHERE host = 'compute-1'")).containsExactly(second);
        }
    }

    private static String hostRow(String campaign, String host) {
        return "INSERT INTO campaign_host (campaign_id, host, wave, position, state) VALUES ('" + campaign + "', '"
                + host + "', 0, 0, 'PENDING')";
    }

    private List<String> tables() throws SQLException {
        return strings("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    }

    private List<String> columns(String table) throws SQLException {
        return strings("SELECT column_name FROM information_schema.columns WHERE table_name = '" + table + "'");
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
