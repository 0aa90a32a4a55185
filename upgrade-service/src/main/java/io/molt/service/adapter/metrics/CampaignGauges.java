package io.molt.service.adapter.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.molt.service.domain.campaign.HostState;
import io.molt.service.settings.MetricsProperties;
import io.molt.service.settings.MoltProperties;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The gauges that show where campaigns are (docs/metrics.md), computed from the database with a few grouped
 * counts every {@code molt.metrics.refresh} (5 s), so that every replica reports the same numbers: hosts per
 * campaign, state and step, VMs per action and state, data moved and downtime so far, hosts in maintenance,
 * agents online. A campaign is shown while it is unfinished and for {@link #RECENT} after it ended.
 */
@Component
class CampaignGauges implements SmartLifecycle {

    static final String RECENT = "15 minutes";
    private static final Logger log = LoggerFactory.getLogger(CampaignGauges.class);
    /** The host states {@link HostState#isTakenDown()} names, as an SQL list. */
    private static final String TAKEN_DOWN = Arrays.stream(HostState.values()).filter(HostState::isTakenDown)
            .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
    private static final String SHOWN = "(c.state NOT IN ('ABORTED', 'DONE', 'FAILED') OR c.updated_at > now() - interval '"
            + RECENT + "')";

    private final JdbcClient db;
    private final Duration offlineAfter;
    private final Duration refresh;
    private final GaugeFamily campaigns;
    private final GaugeFamily hosts;
    private final GaugeFamily vms;
    private final GaugeFamily moved;
    private final GaugeFamily downtime;
    private final AtomicLong inMaintenance = new AtomicLong();
    private final AtomicLong agents = new AtomicLong();
    private final AtomicLong agentsOnline = new AtomicLong();
    private volatile ScheduledExecutorService scheduler;

    CampaignGauges(JdbcClient db, MeterRegistry registry, MoltProperties properties, MetricsProperties metrics) {
        this.db = db;
        this.offlineAfter = properties.agents().offlineAfter();
        this.refresh = metrics.refresh();
        campaigns = new GaugeFamily(registry, "molt.campaign.info", null, "1 per campaign shown, with its name and state");
        hosts = new GaugeFamily(registry, "molt.hosts", null, "Hosts per campaign, host state and step in flight");
        vms = new GaugeFamily(registry, "molt.vms", null, "VMs per campaign, planned action and state");
        moved = new GaugeFamily(registry, "molt.moved", "bytes",
                "Data the campaign's finished live migrations were planned to send");
        downtime = new GaugeFamily(registry, "molt.downtime", "seconds",
                "Measured downtime of the campaign's VMs so far, per action");
        Gauge.builder("molt.hosts.in.maintenance", inMaintenance, AtomicLong::get)
                .description("Hosts an unfinished campaign has taken down (disabled, evacuated, upgrading, failed)")
                .register(registry);
        Gauge.builder("molt.agents", agents, AtomicLong::get).description("Host agents known").register(registry);
        Gauge.builder("molt.agents.online", agentsOnline, AtomicLong::get)
                .description("Host agents with a recent heartbeat").register(registry);
    }

    /** Reads the numbers again; on a database error the last numbers stay. */
    void refresh() {
        try {
            Map<Tags, Double> shown = rows("SELECT c.id AS campaign, c.name, c.state, 1 AS n FROM campaign c WHERE "
                    + SHOWN, "campaign", "name", "state");
            Map<Tags, Double> hostRows = rows("SELECT h.campaign_id AS campaign, h.state, coalesce(h.step, 'none') AS step, "
                    + "count(*) AS n FROM campaign_host h JOIN campaign c ON c.id = h.campaign_id WHERE " + SHOWN
                    + " GROUP BY 1, 2, 3", "campaign", "state", "step");
            Map<Tags, Double> vmRows = rows("SELECT v.campaign_id AS campaign, v.action, v.state, count(*) AS n "
                    + "FROM vm_action v JOIN campaign c ON c.id = v.campaign_id WHERE " + SHOWN + " GROUP BY 1, 2, 3",
                    "campaign", "action", "state");
            Map<Tags, Double> movedRows = rows("SELECT v.campaign_id AS campaign, coalesce(sum(v.moved_mib) FILTER "
                    + "(WHERE v.action = 'LIVE_MIGRATE' AND v.state = 'DONE'), 0) * 1048576 AS n FROM vm_action v "
                    + "JOIN campaign c ON c.id = v.campaign_id WHERE " + SHOWN + " GROUP BY 1", "campaign");
            Map<Tags, Double> downtimeRows = rows("SELECT v.campaign_id AS campaign, v.action, "
                    + "sum(v.actual_downtime_ms) / 1000.0 AS n FROM vm_action v JOIN campaign c ON c.id = v.campaign_id "
                    + "WHERE " + SHOWN + " AND v.actual_downtime_ms IS NOT NULL GROUP BY 1, 2", "campaign", "action");
            long down = db.sql("""
                    SELECT count(*) FROM campaign_host h JOIN campaign c ON c.id = h.campaign_id
                    WHERE c.state NOT IN ('PLANNED', 'ABORTED', 'DONE', 'FAILED')
                      AND h.state IN (""" + TAKEN_DOWN + ")").query(Long.class).single();
            long[] agentCounts = db.sql("SELECT count(*) AS total, count(*) FILTER (WHERE last_heartbeat_at > now() "
                    + "- make_interval(secs => ?)) AS online FROM agent").param(offlineAfter.toMillis() / 1000.0)
                    .query((rs, n) -> new long[] {rs.getLong("total"), rs.getLong("online")}).single();
            campaigns.update(shown);
            hosts.update(hostRows);
            vms.update(vmRows);
            moved.update(movedRows);
            downtime.update(downtimeRows);
            inMaintenance.set(down);
            agents.set(agentCounts[0]);
            agentsOnline.set(agentCounts[1]);
        } catch (RuntimeException e) {
            log.warn("metrics: cannot read the campaigns (the last numbers stay): {}", e.toString());
        }
    }

    /** Rows of a query as label sets (the named columns) and values (column {@code n}). */
    private Map<Tags, Double> rows(String sql, String... labels) {
        Map<Tags, Double> rows = new HashMap<>();
        db.sql(sql).query((rs, n) -> {
            Tags tags = Tags.empty();
            for (String label : labels) {
                tags = tags.and(label, rs.getString(label));
            }
            return rows.put(tags, rs.getDouble("n"));
        }).list();
        return rows;
    }

    @Override
    public void start() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "molt-metrics");
            t.setDaemon(true);
            return t;
        });
        s.scheduleWithFixedDelay(this::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
        scheduler = s;
    }

    @Override
    public void stop() {
        ScheduledExecutorService s = scheduler;
        scheduler = null;
        if (s != null) {
            s.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
