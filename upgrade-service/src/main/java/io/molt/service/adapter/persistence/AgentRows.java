package io.molt.service.adapter.persistence;

import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface AgentRows extends JpaRepository<AgentEntity, String> {

    /** One UPDATE: neither the row nor its capabilities document is read. */
    @Modifying
    @Query("update AgentEntity a set a.lastHeartbeatAt = case when a.lastHeartbeatAt < :at then :at"
            + " else a.lastHeartbeatAt end where a.host = :host")
    int heartbeat(@Param("host") String host, @Param("at") Instant at);
}
