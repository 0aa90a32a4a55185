package io.molt.service.domain.cloud;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the cloud looked like at one moment: the planner's only input about the world. Immutable;
 * lists are kept in the order given (the planner sorts what it needs, so plans stay deterministic).
 */
public record CloudSnapshot(Instant takenAt, List<Host> hosts, List<Vm> vms, List<ServerGroup> serverGroups) {

    public CloudSnapshot {
        Objects.requireNonNull(takenAt, "takenAt is required");
        hosts = List.copyOf(hosts);
        vms = List.copyOf(vms);
        serverGroups = List.copyOf(serverGroups);
    }
}
