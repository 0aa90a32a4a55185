package io.molt.service.domain.cloud;

import java.util.Objects;
import java.util.Set;

/**
 * A compute host as Nova and its agent describe it.
 *
 * @param name              Nova's compute host name (the service's {@code host})
 * @param availabilityZone  the host's availability zone
 * @param aggregates        names of the host aggregates it belongs to
 * @param capacity          physical capacity (before allocation ratios)
 * @param used              what the VMs on it are allocated now
 * @param enabled           whether its nova-compute service is enabled
 * @param up                whether its nova-compute service reports up
 * @param hypervisorVersion the hypervisor version Nova reports (an integer in Nova, kept as text)
 * @param capabilities      what its agent reported, or {@link HostCapabilities#NONE} without an agent
 * @param disabledReason    why its nova-compute service is disabled, as written by whoever disabled it; null
 *                          when enabled or when no reason was given
 */
public record Host(
        String name,
        String availabilityZone,
        Set<String> aggregates,
        Resources capacity,
        Resources used,
        boolean enabled,
        boolean up,
        String hypervisorVersion,
        HostCapabilities capabilities,
        String disabledReason) {

    /** A host without a recorded disabled reason. */
    public Host(String name, String availabilityZone, Set<String> aggregates, Resources capacity, Resources used,
            boolean enabled, boolean up, String hypervisorVersion, HostCapabilities capabilities) {
        this(name, availabilityZone, aggregates, capacity, used, enabled, up, hypervisorVersion, capabilities, null);
    }

    public Host {
        Objects.requireNonNull(name, "name is required");
        Objects.requireNonNull(availabilityZone, "availabilityZone is required");
        aggregates = Set.copyOf(aggregates);
        Objects.requireNonNull(capacity, "capacity is required");
        Objects.requireNonNull(used, "used is required");
        Objects.requireNonNull(capabilities, "capabilities is required");
    }
}
