package io.molt.service.adapter.persistence;

import io.molt.protocol.KernelBoot;
import io.molt.service.domain.cloud.MeasuredKexec;
import io.molt.service.domain.port.KernelBoots;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@link KernelBoots} over the {@code host_kernel_boot} table (V14). */
@Repository
class JdbcKernelBoots implements KernelBoots {

    /** Each host's newest rows, newest first. */
    private static final String NEWEST = """
            SELECT host, to_agent_ms, restore_ms FROM (
                SELECT host, to_agent_ms, restore_ms, recorded_at, id,
                       row_number() OVER (PARTITION BY host ORDER BY recorded_at DESC, id DESC) AS n
                FROM host_kernel_boot %s) newest
            WHERE n <= ? ORDER BY host, recorded_at DESC, id DESC""";

    private final JdbcClient db;

    JdbcKernelBoots(JdbcClient db) {
        this.db = db;
    }

    @Override
    public void record(String host, String commandId, KernelBoot boot, Instant at) {
        db.sql("""
                INSERT INTO host_kernel_boot (host, command_id, recorded_at, kernel, to_agent_ms, restore_ms)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (command_id) DO NOTHING""")
                .param(host).param(commandId).param(Timestamp.from(at)).param(boot.kernel()).param(boot.toAgentMs())
                .param(boot.restoreMs()).update();
    }

    @Override
    public Map<String, MeasuredKexec> measured() {
        return medians(db.sql(NEWEST.formatted("")).param(MeasuredKexec.UPGRADES).query(JdbcKernelBoots::row).list());
    }

    @Override
    public Optional<MeasuredKexec> measured(String host) {
        return Optional.ofNullable(medians(db.sql(NEWEST.formatted("WHERE host = ?")).param(host)
                .param(MeasuredKexec.UPGRADES).query(JdbcKernelBoots::row).list()).get(host));
    }

    private record Row(String host, MeasuredKexec.Upgrade upgrade) {
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        Long restore = rs.getObject("restore_ms", Long.class); // null: no guest restored from kept RAM
        return new Row(rs.getString("host"), new MeasuredKexec.Upgrade(rs.getLong("to_agent_ms"), restore));
    }

    private static Map<String, MeasuredKexec> medians(List<Row> rows) {
        Map<String, List<MeasuredKexec.Upgrade>> byHost = new HashMap<>();
        rows.forEach(r -> byHost.computeIfAbsent(r.host(), h -> new ArrayList<>()).add(r.upgrade()));
        Map<String, MeasuredKexec> medians = new HashMap<>();
        byHost.forEach((host, upgrades) -> MeasuredKexec.of(upgrades).ifPresent(m -> medians.put(host, m)));
        return medians;
    }
}
