package io.molt.service.adapter.persistence;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

interface AgentCommandRows extends JpaRepository<AgentCommandEntity, UUID> {
}
