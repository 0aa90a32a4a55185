package io.molt.service.adapter.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Row of the {@code agent} table. */
@Entity
@Table(name = "agent")
class AgentEntity {

    @Id
    String host;

    @Column(name = "agent_version", nullable = false)
    String agentVersion;

    @Column(name = "protocol_version", nullable = false)
    int protocolVersion;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    String capabilities;

    /** The commands it said it carries out (protocol v2), a JSON array; null when it did not say. */
    @JdbcTypeCode(SqlTypes.JSON)
    String commands;

    @Column(name = "first_seen_at", nullable = false)
    Instant firstSeenAt;

    @Column(name = "last_hello_at", nullable = false)
    Instant lastHelloAt;

    @Column(name = "last_heartbeat_at", nullable = false)
    Instant lastHeartbeatAt;

    @Version
    long version;
}
