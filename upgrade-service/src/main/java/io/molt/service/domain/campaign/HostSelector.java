package io.molt.service.domain.campaign;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which hosts a campaign upgrades, as the operator said it: exactly one of a list of hosts, an aggregate
 * or an availability zone.
 */
public record HostSelector(List<String> hosts, String aggregate, String availabilityZone) {

    public HostSelector {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        int given = (hosts.isEmpty() ? 0 : 1) + (aggregate == null ? 0 : 1) + (availabilityZone == null ? 0 : 1);
        if (given != 1) {
            throw new IllegalArgumentException("name the hosts in exactly one way: a list of hosts, an aggregate or "
                    + "an availability_zone");
        }
    }

    /** The selected hosts in the snapshot; throws when a named host, aggregate or zone does not exist. */
    public Set<String> resolve(CloudSnapshot snapshot) {
        Set<String> known = new TreeSet<>();
        snapshot.hosts().forEach(h -> known.add(h.name()));
        if (!hosts.isEmpty()) {
            List<String> unknown = hosts.stream().filter(h -> !known.contains(h)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown compute hosts " + unknown + "; the cloud has " + known);
            }
            return new TreeSet<>(hosts);
        }
        Set<String> chosen = new TreeSet<>();
        for (Host host : snapshot.hosts()) {
            if (aggregate != null ? host.aggregates().contains(aggregate)
                    : availabilityZone.equals(host.availabilityZone())) {
                chosen.add(host.name());
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException(aggregate != null ? "no compute host is in aggregate '" + aggregate + "'"
                    : "no compute host is in availability zone '" + availabilityZone + "'");
        }
        return chosen;
    }
}
