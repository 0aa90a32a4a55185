package io.molt.service.adapter.persistence;

import io.molt.protocol.Envelope;
import io.molt.protocol.ProtocolCodec;
import io.molt.protocol.Topology;
import io.molt.service.adapter.json.OsloNotificationJson;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignChange;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.ConcurrentChange;
import io.molt.service.domain.campaign.HostClaimed;
import io.molt.service.domain.campaign.HostNotice;
import io.molt.service.domain.campaign.Notification;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.settings.NotificationProperties;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link Campaigns} on PostgreSQL with plain SQL: every update checks and bumps the row's version; a
 * change is one transaction that first locks the campaign row and checks the writer's lease (fencing).
 */
@Repository
@Transactional
class JdbcCampaigns implements Campaigns {

    /** Every column a {@link Campaign} is read from: not the plan, read only by {@link #planDocument}. */
    private static final String CAMPAIGN_COLUMNS = "id, name, state, state_reason, upgrade_target, host_selector, "
            + "options, upgrade_command, created_by, created_at, updated_at, re_enable_on_abort, version";

    private final JdbcClient db;
    private final PlanRowBatches batches;
    private final Topology topology;
    /** The states {@link CampaignState#isActive()} names, as an SQL list: {@code 'APPROVED', 'RUNNING', ...}. */
    private static final String ACTIVE_STATES = Arrays.stream(CampaignState.values())
            .filter(CampaignState::isActive).map(s -> "'" + s.name() + "'")
            .collect(Collectors.joining(", "));

    private final CampaignRowMapper rows = new CampaignRowMapper();
    private final ProtocolCodec codec = new ProtocolCodec();
    private final OsloNotificationJson notifications;
    private final boolean notifying;
    private final JdbcAgentCommands commands;

    JdbcCampaigns(JdbcClient db, JdbcTemplate jdbc, Topology topology, NotificationProperties notificationProperties,
            JdbcAgentCommands commands) {
        this.db = db;
        this.commands = commands;
        this.batches = new PlanRowBatches(jdbc);
        this.topology = topology;
        this.notifications = new OsloNotificationJson(notificationProperties.publisher(), notificationProperties.topic());
        this.notifying = notificationProperties.enabled();
    }

    @Override
    public void create(Campaign c, String planDocument, List<CampaignHost> hosts, List<VmAction> vms,
                       List<CampaignEvent> events) {
        db.sql("""
                INSERT INTO campaign (id, name, state, state_reason, upgrade_target, host_selector, options,
                    upgrade_command, plan, created_by, created_at, updated_at, re_enable_on_abort)
                VALUES (:id, :name, :state, :reason, :target, :selector::jsonb, :options::jsonb, :upgrade::jsonb,
                    :plan, :by, :at, :at, :reEnable)""")
                .param("id", UUID.fromString(c.id())).param("name", c.name()).param("state", c.state().name())
                .param("reason", c.stateReason()).param("target", c.target().name())
                .param("selector", rows.selectorJson(c.selector())).param("options", rows.optionsJson(c.options()))
                .param("upgrade", rows.upgradeJson(c.upgrade())).param("plan", planDocument)
                .param("by", c.createdBy()).param("at", ts(c.createdAt())).param("reEnable", c.reEnableOnAbort())
                .update();
        try {
            batches.insertHosts(hosts);
        } catch (DuplicateKeyException e) {
            throw new HostClaimed("a host of campaign " + c.id() + " belongs to another unfinished campaign");
        }
        batches.insertVms(vms);
        events.forEach(this::insertEvent);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<Campaign> find(String id) {
        UUID uuid = uuidOrNull(id);
        return uuid == null ? Optional.empty()
                : db.sql("SELECT " + CAMPAIGN_COLUMNS + " FROM campaign WHERE id = ?").param(uuid)
                        .query(rows::campaign).optional();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<String> planDocument(String campaignId) {
        UUID uuid = uuidOrNull(campaignId);
        return uuid == null ? Optional.empty()
                : db.sql("SELECT plan FROM campaign WHERE id = ?").param(uuid).query(String.class).optional();
    }

    @Override
    @Transactional(readOnly = true)
    public Map<String, String> claims(Collection<String> hosts) {
        if (hosts.isEmpty()) {
            return Map.of();
        }
        Map<String, String> holders = new TreeMap<>();
        db.sql("SELECT host, campaign_id FROM host_claim WHERE host IN (:hosts)").param("hosts", hosts)
                .query((rs, n) -> holders.put(rs.getString("host"), rs.getString("campaign_id"))).list();
        return holders;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Campaign> all() {
        return db.sql("SELECT " + CAMPAIGN_COLUMNS + " FROM campaign ORDER BY created_at, id").query(rows::campaign).list();
    }

    @Override
    @Transactional(readOnly = true)
    public List<String> active() {
        return db.sql("SELECT id FROM campaign WHERE state IN (" + ACTIVE_STATES + ") ORDER BY created_at")
                .query(String.class).list();
    }

    @Override
    @Transactional(readOnly = true)
    public List<CampaignHost> hosts(String campaignId) {
        return db.sql("SELECT * FROM campaign_host WHERE campaign_id = ? ORDER BY wave, position")
                .param(UUID.fromString(campaignId)).query(rows::host).list();
    }

    @Override
    @Transactional(readOnly = true)
    public List<VmAction> vms(String campaignId) {
        return db.sql("SELECT * FROM vm_action WHERE campaign_id = ? ORDER BY source_host, guest_order, vm_uuid")
                .param(UUID.fromString(campaignId)).query(rows::vm).list();
    }

    @Override
    @Transactional(readOnly = true)
    public List<CampaignEvent> events(String campaignId, long afterId, int limit) {
        return db.sql("SELECT * FROM event WHERE campaign_id = ? AND id > ? ORDER BY id LIMIT ?")
                .param(UUID.fromString(campaignId)).param(afterId).param(limit).query(rows::event).list();
    }

    @Override
    public void apply(CampaignChange change) {
        UUID id = UUID.fromString(change.campaignId());
        Map<String, Object> locked = db.sql("""
                SELECT state, lease_owner, lease_until > now() AS leased FROM campaign WHERE id = ? FOR UPDATE""")
                .param(id).query().singleRow();
        if (change.owner() != null && !(change.owner().equals(locked.get("lease_owner"))
                && Boolean.TRUE.equals(locked.get("leased")))) {
            throw new ConcurrentChange("campaign " + id + ": " + change.owner() + " no longer holds the lease");
        }
        String state = (String) locked.get("state");
        if (change.startsWorkIn() != null && !change.startsWorkIn().name().equals(state)) {
            throw new ConcurrentChange("campaign " + id + " is " + state + ": no new step starts");
        }
        if (change.campaign() != null) {
            updateCampaign(change.campaign());
        }
        change.hosts().forEach(this::updateHost);
        change.vms().forEach(this::upsertVm);
        change.events().forEach(this::insertEvent);
        change.commands().forEach(command -> enqueue(command, change.campaignId()));
        if (change.notice() != null) {
            insertNotice(change.notice());
        }
        if (notifying) {
            change.notifications().forEach(this::enqueue);
        }
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<HostNotice> notice(String campaignId, String host) {
        return db.sql("SELECT sent_at, due_at FROM host_notice WHERE campaign_id = ? AND host = ?")
                .param(UUID.fromString(campaignId)).param(host)
                .query((rs, n) -> new HostNotice(campaignId, host, rs.getTimestamp("sent_at").toInstant(),
                        rs.getTimestamp("due_at").toInstant())).optional();
    }

    @Override
    public boolean acquireLease(String campaignId, String owner, Duration ttl) {
        return db.sql("""
                UPDATE campaign SET lease_owner = :owner, lease_until = now() + make_interval(secs => :ttl)
                WHERE id = :id AND (lease_owner IS NULL OR lease_owner = :owner OR lease_until < now())""")
                .param("owner", owner).param("ttl", ttl.toMillis() / 1000.0).param("id", UUID.fromString(campaignId))
                .update() == 1;
    }

    @Override
    public void releaseLease(String campaignId, String owner) {
        db.sql("UPDATE campaign SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?")
                .param(UUID.fromString(campaignId)).param(owner).update();
    }

    private void updateCampaign(Campaign c) {
        int updated = db.sql("""
                UPDATE campaign SET state = :state, state_reason = :reason,
                    re_enable_on_abort = :reEnable, updated_at = now(), version = version + 1
                WHERE id = :id AND version = :version""")
                .param("state", c.state().name()).param("reason", c.stateReason())
                .param("reEnable", c.reEnableOnAbort()).param("id", UUID.fromString(c.id()))
                .param("version", c.version()).update();
        if (updated != 1) {
            throw new ConcurrentChange("campaign " + c.id() + " changed since version " + c.version());
        }
    }

    private void updateHost(CampaignHost h) {
        int updated = db.sql("""
                UPDATE campaign_host SET state = :state, step = :step, step_attempt = :attempt,
                    step_command_id = :command, step_started_at = :started, last_error = :error,
                    failed_in = :failedIn, upgraded = :upgraded, updated_at = now(), version = version + 1
                WHERE campaign_id = :campaign AND host = :host AND version = :version""")
                .param("state", h.state().name()).param("step", h.step() == null ? null : h.step().name())
                .param("attempt", h.attempt()).param("command", uuidOrNull(h.commandId()))
                .param("started", ts(h.stepStartedAt())).param("error", h.lastError())
                .param("failedIn", h.failedIn() == null ? null : h.failedIn().name()).param("upgraded", h.upgraded())
                .param("campaign", UUID.fromString(h.campaignId())).param("host", h.host())
                .param("version", h.version()).update();
        if (updated != 1) {
            throw new ConcurrentChange("host " + h.host() + " of campaign " + h.campaignId() + " changed since version "
                    + h.version());
        }
    }

    private void upsertVm(VmAction v) {
        db.sql("""
                INSERT INTO vm_action (campaign_id, vm_uuid, vm_name, source_host, action, destination_host, reason,
                    planned_vm_state, state, migration_id, predicted_downtime_ms, actual_downtime_ms, last_error,
                    project_id, moved_mib, guest_order)
                VALUES (:campaign, :vm, :name, :source, :action, :destination, :reason, :planned, :state, :migration,
                    :predicted, :actual, :error, :project, :moved, :guestOrder)
                ON CONFLICT (campaign_id, vm_uuid) DO UPDATE SET vm_name = EXCLUDED.vm_name,
                    source_host = EXCLUDED.source_host, action = EXCLUDED.action,
                    destination_host = EXCLUDED.destination_host, reason = EXCLUDED.reason,
                    planned_vm_state = EXCLUDED.planned_vm_state, state = EXCLUDED.state,
                    migration_id = EXCLUDED.migration_id, predicted_downtime_ms = EXCLUDED.predicted_downtime_ms,
                    actual_downtime_ms = EXCLUDED.actual_downtime_ms, last_error = EXCLUDED.last_error,
                    project_id = EXCLUDED.project_id, moved_mib = EXCLUDED.moved_mib,
                    guest_order = EXCLUDED.guest_order, updated_at = now(), version = vm_action.version + 1""")
                .param("campaign", UUID.fromString(v.campaignId())).param("vm", UUID.fromString(v.vmUuid()))
                .param("name", v.vmName()).param("source", v.sourceHost()).param("action", v.action().name())
                .param("destination", v.destination()).param("reason", v.reason())
                .param("planned", v.plannedVmState() == null ? null : v.plannedVmState().name())
                .param("state", v.state().name())
                .param("migration", v.migrationId()).param("predicted", v.predictedDowntimeMs())
                .param("actual", v.actualDowntimeMs()).param("error", v.lastError()).param("project", v.projectId())
                .param("moved", v.movedMib()).param("guestOrder", v.guestOrder()).update();
    }

    private void insertEvent(CampaignEvent e) {
        db.sql("""
                INSERT INTO event (occurred_at, campaign_id, host, vm_uuid, type, message, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)""")
                .param(ts(e.occurredAt())).param(uuidOrNull(e.campaignId())).param(e.host())
                .param(uuidOrNull(e.vmUuid())).param(e.type()).param(e.message())
                .param(e.detail().isEmpty() ? null : rows.write(e.detail())).update();
    }

    /** The command's row (through {@link JdbcAgentCommands}, the table's one mapping) and its outbox message, once. */
    private void enqueue(Envelope command, String campaignId) {
        commands.enqueue(command, campaignId);
        db.sql("""
                INSERT INTO outbox (message_id, exchange, routing_key, body) VALUES (?, ?, ?, ?)
                ON CONFLICT (message_id) DO NOTHING""")
                .param(UUID.fromString(command.id())).param(topology.commandsExchange())
                .param(topology.commandRoutingKey(command.host())).param(codec.encode(command)).update();
    }

    private void insertNotice(HostNotice notice) {
        db.sql("INSERT INTO host_notice (campaign_id, host, sent_at, due_at) VALUES (?, ?, ?, ?)")
                .param(UUID.fromString(notice.campaignId())).param(notice.host()).param(ts(notice.sentAt()))
                .param(ts(notice.dueAt())).update();
    }

    /** A notification's outbox row; one with the same message id (the same event of the same VM) is not added. */
    private void enqueue(Notification notification) {
        db.sql("""
                INSERT INTO outbox (message_id, exchange, routing_key, body) VALUES (?, ?, ?, ?)
                ON CONFLICT (message_id) DO NOTHING""")
                .param(UUID.fromString(notification.messageId())).param(topology.notificationsExchange())
                .param(notifications.routingKey(notification)).param(notifications.encode(notification)).update();
    }

    static Timestamp ts(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    static UUID uuidOrNull(String id) {
        if (id == null) {
            return null;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
