package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Plans a campaign over a snapshot: pure code, no I/O, the same plan for the same input.
 * <ol>
 *   <li>Index the snapshot (sorted, so input order does not matter) and sort hosts into settled (upgraded
 *       or outside the campaign), to plan, and skipped (nova-compute down).</li>
 *   <li>Order the hosts to plan by the RAM their VMs would rather live-migrate, least first, then by name:
 *       hosts that need little room go first and the room they leave on upgraded hosts grows. The options'
 *       {@link CampaignOptions#firstHosts() first hosts} go before all others.</li>
 *   <li>Wave by wave ({@link WavePacker}): take the wave's hosts out of the destinations, decide each
 *       host's VMs ({@link HostStepResolver}), record them ({@link PlanRecorder}), then make the wave's
 *       hosts settled destinations for the next waves.</li>
 *   <li>Return the plan with its baselines, or every violation found if any rule cannot be kept.</li>
 * </ol>
 * To re-plan the rest of a running campaign, pass the hosts already done as
 * {@link CampaignOptions#upgradedHosts()}: they are not planned again and are the preferred destinations; and
 * the host about to start as the first of {@link CampaignOptions#firstHosts()}, so that its moves are decided
 * against the cloud as it is now, not as it would be after hosts that have not gone yet.
 */
public final class UpgradePlanner {

    private final boolean withSteps;

    public UpgradePlanner() {
        this(true);
    }

    private UpgradePlanner(boolean withSteps) {
        this.withSteps = withSteps;
    }

    /**
     * A planner whose plans carry their totals, baselines and violations but no waves (no step is built):
     * for comparing strategies ({@link StrategyFrontier}).
     */
    static UpgradePlanner totalsOnly() {
        return new UpgradePlanner(false);
    }

    public PlanOutcome plan(CloudSnapshot snapshot, UpgradeTarget target, CampaignOptions options) {
        return plan(new CloudIndex(snapshot), target, options);
    }

    /** The plan over a snapshot already indexed: an index is read, never changed, so plans can share it. */
    PlanOutcome plan(CloudIndex cloud, UpgradeTarget target, CampaignOptions options) {
        Stream.of(options.hosts(), options.upgradedHosts(), options.firstHosts()).flatMap(Collection::stream)
                .forEach(cloud::hostIndex); // a host the snapshot does not know is refused, named
        CostModel costs = new CostModel(options.cost());
        ActionChooser chooser = new ActionChooser(costs, options, target);
        Placement placement = new Placement(cloud, options.ratios());
        Destinations destinations = new Destinations(placement.loads);
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
        long[] demand = new long[cloud.hosts.length];
        Baselines baselines = new Baselines(cloud, costs, options, target);
        VmChoices[] initial = initialChoices(cloud, chooser, baselines, toPlan, demand);
        HostStepResolver resolver = new HostStepResolver(cloud, placement, destinations, chooser, initial, costs,
                target);
        PlanRecorder recorder = new PlanRecorder(cloud, costs, options, target, withSteps);
        WavePacker packer = new WavePacker(cloud, placement, options, order(cloud, options, demand, toPlan),
                destinations, demand);
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
        Plan plan = recorder.plan(skipped, baselines);
        return recorder.violations().isEmpty() ? new PlanOutcome.Planned(plan)
                : new PlanOutcome.Infeasible(recorder.violations(), plan);
    }

    /**
     * Each VM's choices on its own host, for VMs on hosts to plan, computed host by host on all cores (each
     * host writes only its own VMs' slots and its own demand), with the baselines' evacuation of the same VMs.
     * A host's demand is the RAM of its VMs whose best action is a live migration.
     */
    private static VmChoices[] initialChoices(CloudIndex cloud, ActionChooser chooser, Baselines baselines,
            List<Integer> hosts, long[] demand) {
        VmChoices[] choices = new VmChoices[cloud.vms.length];
        hosts.parallelStream().forEach(h -> {
            long ram = 0;
            for (int v : cloud.hostVms[h]) {
                choices[v] = chooser.choices(cloud.vms[v], cloud.hosts[h]);
                List<ActionCost> ranked = choices[v].ranked();
                if (!ranked.isEmpty() && ranked.get(0).action() == Action.LIVE_MIGRATE) {
                    ram += cloud.ramMib[v];
                }
            }
            demand[h] = ram;
            baselines.prepare(h);
        });
        return choices;
    }

    /** The options' first hosts to plan, in their order; then the others by demand, least first, ties by name. */
    private static int[] order(CloudIndex cloud, CampaignOptions options, long[] demand, List<Integer> hosts) {
        List<Integer> first = new ArrayList<>();
        for (String name : options.firstHosts()) {
            int h = cloud.hostIndex(name);
            if (hosts.contains(h) && !first.contains(h)) {
                first.add(h);
            }
        }
        List<Integer> rest = hosts.stream().filter(h -> !first.contains(h))
                .sorted((a, b) -> demand[a] != demand[b] ? Long.compare(demand[a], demand[b]) : Integer.compare(a, b))
                .toList();
        return Stream.concat(first.stream(), rest.stream()).mapToInt(Integer::intValue).toArray();
    }
}
