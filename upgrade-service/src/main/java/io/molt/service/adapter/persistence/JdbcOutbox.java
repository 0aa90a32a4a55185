package io.molt.service.adapter.persistence;

import io.molt.protocol.Envelope;
import io.molt.protocol.ProtocolCodec;
import io.molt.protocol.ProtocolViolation;
import io.molt.protocol.Topology;
import io.molt.service.domain.port.HostAgents;
import io.molt.service.domain.port.NotificationBus;
import io.molt.service.domain.port.Outbox;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link Outbox} over the {@code outbox} table: rows are locked with {@code SKIP LOCKED} (replicas do not
 * send the same row at once), handed to {@link HostAgents} (agent commands) or the {@link NotificationBus}
 * (rows for the notifications exchange) and marked published in the same transaction. Rows go out in order
 * per exchange: after a failure the rest of that exchange's rows wait for the next call, the other exchange's go
 * on (notifications the broker refuses do not hold back agent commands, nor the reverse).
 */
@Repository
class JdbcOutbox implements Outbox {

    private static final Logger log = LoggerFactory.getLogger(JdbcOutbox.class);

    record Row(long id, String messageId, String exchange, String routingKey, byte[] body) {
    }

    private final JdbcClient db;
    private final HostAgents agents;
    private final NotificationBus notifications;
    private final String notificationsExchange;
    private final ProtocolCodec codec = new ProtocolCodec();

    JdbcOutbox(JdbcClient db, HostAgents agents, NotificationBus notifications, Topology topology) {
        this.db = db;
        this.agents = agents;
        this.notifications = notifications;
        this.notificationsExchange = topology.notificationsExchange();
    }

    @Override
    @Transactional
    public int publishPending(int max) {
        List<Row> pending = db.sql("""
                SELECT id, message_id, exchange, routing_key, body FROM outbox WHERE published_at IS NULL
                ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""")
                .param(max).query((rs, n) -> new Row(rs.getLong("id"), rs.getString("message_id"),
                        rs.getString("exchange"), rs.getString("routing_key"), rs.getBytes("body"))).list();
        int sent = 0;
        java.util.Set<String> stalled = new java.util.HashSet<>();
        for (Row row : pending) {
            if (stalled.contains(row.exchange())) {
                continue; // keeps its place behind the row that failed
            }
            try {
                send(row);
                db.sql("UPDATE outbox SET published_at = now(), attempts = attempts + 1 WHERE id = ?")
                        .param(row.id()).update();
                sent++;
            } catch (ProtocolViolation | RuntimeException e) {
                log.warn("outbox message {} not published (will retry): {}", row.id(), e.toString());
                db.sql("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?")
                        .param(e.toString()).param(row.id()).update();
                stalled.add(row.exchange());
            }
        }
        return sent;
    }

    private void send(Row row) throws ProtocolViolation {
        if (row.exchange().equals(notificationsExchange)) {
            notifications.publish(row.routingKey(), row.messageId(), row.body());
        } else {
            Envelope command = codec.decode(row.body());
            agents.send(command);
        }
    }
}
