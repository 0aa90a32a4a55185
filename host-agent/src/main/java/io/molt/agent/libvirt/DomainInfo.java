package io.molt.agent.libvirt;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One domain as the inventory reports it.
 *
 * @param memory            how its RAM is backed (from the domain XML)
 * @param novaInstanceUuid  the Nova instance it belongs to: Nova names the domain by the instance UUID
 *                          and marks it with its {@code nova:instance} metadata; empty if not Nova's
 */
public record DomainInfo(UUID uuid, String name, DomainState state, long memoryMib, MemoryBacking memory,
                         Optional<UUID> novaInstanceUuid) {

    public DomainInfo {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(novaInstanceUuid, "novaInstanceUuid");
    }

    public boolean running() {
        return state == DomainState.RUNNING;
    }
}
