package io.molt.service.adapter.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Row of the {@code agent_command} table. */
@Entity
@Table(name = "agent_command")
class AgentCommandEntity {

    @Id
    UUID id;

    @Column(nullable = false)
    String host;

    @Column(name = "campaign_id")
    UUID campaignId;

    @Column(nullable = false)
    String type;

    @Column(name = "issued_at", nullable = false)
    Instant issuedAt;

    String outcome;

    @JdbcTypeCode(SqlTypes.JSON)
    String result;

    @Column(name = "completed_at")
    Instant completedAt;
}
