package io.molt.service.adapter.persistence;

import org.springframework.data.jpa.repository.JpaRepository;

interface AgentRows extends JpaRepository<AgentEntity, String> {
}
