package io.molt.service.application.campaign;

import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.HostState;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the re-plan at a host's PRECHECK is given, so that it agrees with the approved plan where the cloud
 * went as planned:
 * <ul>
 *   <li>the cloud as observed, except that the hosts this campaign disabled count as enabled: they are in
 *       flight and are re-enabled when done, so the hosts after them may use them as the first plan did
 *       (counting them as disabled left a zone without room, and the demo of 8 hosts paused at a PRECHECK);</li>
 *   <li>the hosts done as upgraded, the hosts not yet final as the hosts to plan, in the approved order:
 *       this host first, then the hosts in flight, then the rest of this host's wave, then the others by
 *       their place in the plan. So this host's moves never go to a host of its own wave (which goes down
 *       with it) and the later waves are the approved ones.</li>
 * </ul>
 */
final class Replan {

    private Replan() {
    }

    static CloudSnapshot snapshot(CloudSnapshot observed, Campaign campaign) {
        String ours = campaign.disabledReason();
        List<Host> hosts = observed.hosts().stream().map(h -> h.enabled() || !ours.equals(h.disabledReason()) ? h
                : new Host(h.name(), h.availabilityZone(), h.aggregates(), h.capacity(), h.used(), true, h.up(),
                        h.hypervisorVersion(), h.capabilities(), null)).toList();
        return new CloudSnapshot(observed.takenAt(), hosts, observed.vms(), observed.serverGroups());
    }

    static io.molt.service.domain.plan.CampaignOptions options(Campaign campaign, CampaignHost host,
            List<CampaignHost> all) {
        Set<String> done = all.stream().filter(h -> h.state() == HostState.DONE).map(CampaignHost::host)
                .collect(Collectors.toSet());
        List<CampaignHost> remaining = all.stream().filter(h -> !h.state().isFinal())
                .sorted(Comparator.comparingInt(CampaignHost::position)).toList();
        List<String> order = new ArrayList<>();
        order.add(host.host());
        remaining.stream().filter(h -> h.state().isTakenDown()).map(CampaignHost::host).forEach(order::add);
        remaining.stream().filter(h -> h.wave() == host.wave()).map(CampaignHost::host).forEach(order::add);
        remaining.stream().map(CampaignHost::host).forEach(order::add);
        return campaign.options().toBuilder().hosts(remaining.stream().map(CampaignHost::host).collect(Collectors.toSet()))
                .upgradedHosts(done).firstHosts(order.stream().distinct().toList()).build();
    }
}
