package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Plans a campaign over a snapshot: pure code, no I/O, the same plan for the same input.
 * <ol>
 *   <li>Index the snapshot (sorted, so input order does not matter) and sort hosts into settled (upgraded
 *       or outside the campaign), to plan, and skipped (nova-compute down).</li>
 *   <li>Order the hosts to plan by the RAM their VMs would rather live-migrate, least first, then by name:
 *       hosts that need little room go first and the room they leave on upgraded hosts grows.</li>
 *   <li>Wave by wave ({@link WavePacker}): take the wave's hosts out of the destinations, decide each
 *       host's VMs ({@link HostStepResolver}), record them ({@link PlanRecorder}), then make the wave's
 *       hosts settled destinations for the next waves.</li>
 *   <li>Return the plan with its baselines, or every violation found if any rule cannot be kept.</li>
 * </ol>
 * To re-plan the rest of a running campaign, pass the hosts already done as
 * {@link CampaignOptions#upgradedHosts()}: they are not planned again and are the preferred destinations.
 */
public final class UpgradePlanner {

    public PlanOutcome plan(CloudSnapshot snapshot, UpgradeTarget target, CampaignOptions options) {
        CloudIndex cloud = new CloudIndex(snapshot);
        for (String name : options.hosts()) {
            cloud.hostIndex(name);
        }
        for (String name : options.upgradedHosts()) {
            cloud.hostIndex(name);
        }
        CostModel costs = new CostModel(options.cost());
        ActionChooser chooser = new ActionChooser(costs, options, target);
        Placement placement = new Placement(cloud, options.ratios());
        Destinations destinations = new Destinations();
        List<SkippedHost> skipped = new ArrayList<>();
        List<Integer> toPlan = new ArrayList<>();
        for (int h = 0; h < cloud.hosts.length; h++) {
            Host host = cloud.hosts[h];
            boolean inScope = !options.upgradedHosts().contains(host.name())
                    && (options.hosts().isEmpty() || options.hosts().contains(host.name()));
            if (inScope && !host.up()) {
                skipped.add(new SkippedHost(host.name(), "nova-compute is down: it cannot be drained or verified"));
            } else if (inScope) {
                toPlan.add(h);
            }
            if (host.up() && host.enabled()) {
                if (inScope) {
                    destinations.addPending(host.availabilityZone(), placement.loads[h]);
                } else {
                    destinations.addSettled(host.availabilityZone(), placement.loads[h]);
                }
            }
        }
        VmChoices[] initial = initialChoices(cloud, chooser, toPlan);
        HostStepResolver resolver = new HostStepResolver(cloud, placement, destinations, chooser, initial, costs,
                target);
        PlanRecorder recorder = new PlanRecorder(cloud, costs, options, target);
        WavePacker packer = new WavePacker(cloud, placement, options, order(cloud, initial, toPlan));
        while (packer.hasNext()) {
            List<Integer> wave = packer.nextWave();
            for (int host : wave) {
                destinations.withdraw(placement.loads[host]);
            }
            for (int host : wave) {
                recorder.host(host, resolver.resolve(host));
            }
            recorder.endWave(wave);
            for (int host : wave) {
                Host info = cloud.hosts[host];
                if (info.enabled()) {
                    destinations.addSettled(info.availabilityZone(), placement.loads[host]);
                }
            }
        }
        Plan plan = recorder.plan(skipped);
        return recorder.violations().isEmpty() ? new PlanOutcome.Planned(plan)
                : new PlanOutcome.Infeasible(recorder.violations(), plan);
    }

    /** Each VM's choices on its own host, for VMs on hosts to plan; computed on all cores. */
    private static VmChoices[] initialChoices(CloudIndex cloud, ActionChooser chooser, List<Integer> hosts) {
        boolean[] planned = new boolean[cloud.hosts.length];
        hosts.forEach(h -> planned[h] = true);
        VmChoices[] choices = new VmChoices[cloud.vms.length];
        IntStream.range(0, cloud.vms.length).parallel().filter(v -> planned[cloud.vmHost[v]])
                .forEach(v -> choices[v] = chooser.choices(cloud.vms[v], cloud.hosts[cloud.vmHost[v]]));
        return choices;
    }

    /** Hosts by the RAM of VMs whose best action is a live migration, least first; ties by name. */
    private static int[] order(CloudIndex cloud, VmChoices[] initial, List<Integer> hosts) {
        long[] demand = new long[cloud.hosts.length];
        for (int v = 0; v < cloud.vms.length; v++) {
            List<ActionCost> ranked = initial[v] == null ? List.of() : initial[v].ranked();
            if (!ranked.isEmpty() && ranked.get(0).action() == Action.LIVE_MIGRATE) {
                demand[cloud.vmHost[v]] += cloud.vms[v].flavor().ramMib();
            }
        }
        return hosts.stream().sorted((a, b) -> demand[a] != demand[b] ? Long.compare(demand[a], demand[b])
                : Integer.compare(a, b)).mapToInt(Integer::intValue).toArray();
    }
}
