package io.molt.service.domain.plan;

import java.util.List;

/**
 * One host's upgrade within a wave: what happens to each VM on it at that moment, and how long it takes.
 *
 * @param host             the host
 * @param availabilityZone its availability zone
 * @param vms              one step per VM on the host when it goes down, ordered by VM uuid
 * @param durationSeconds  install, evacuation, in-place work, outage and verification
 */
public record HostStep(String host, String availabilityZone, List<VmStep> vms, double durationSeconds) {

    public HostStep {
        vms = List.copyOf(vms);
    }
}
