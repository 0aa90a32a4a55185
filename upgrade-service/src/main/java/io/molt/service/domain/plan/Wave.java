package io.molt.service.domain.plan;

import java.util.List;

/**
 * Hosts upgraded at the same time.
 *
 * @param number          1-based position in the campaign
 * @param hosts           the hosts' steps, in planning order
 * @param durationSeconds the slowest host, or the campaign-wide migration limit if that is slower
 * @param movedGib        data sent over the network in this wave
 */
public record Wave(int number, List<HostStep> hosts, double durationSeconds, double movedGib) {

    public Wave {
        hosts = List.copyOf(hosts);
    }
}
