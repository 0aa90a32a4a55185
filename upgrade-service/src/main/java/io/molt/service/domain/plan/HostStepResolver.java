package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.Vm;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides what happens to every VM on one host when the host's wave comes:
 * <ol>
 *   <li>rank each VM's allowed actions ({@link ActionChooser});</li>
 *   <li>VMs whose best action is a live migration get a destination ({@link Destinations}); members of
 *       a hard affinity group move together to one host or not at all; a VM with no room loses the option;</li>
 *   <li>for a kernel upgrade, VMs whose best action is preservation share the host's preserved memory
 *       ({@link PreservedMemoryBudget}); a refused VM loses the option;</li>
 *   <li>repeat with the next best option until every VM has its action. Each round resolves a VM or rules
 *       an option out, so this ends.</li>
 * </ol>
 */
final class HostStepResolver {

    private final CloudIndex cloud;
    private final Placement placement;
    private final Destinations destinations;
    private final ActionChooser chooser;
    private final VmChoices[] initial;
    private final CostModel costs;
    private final UpgradeTarget target;

    HostStepResolver(CloudIndex cloud, Placement placement, Destinations destinations, ActionChooser chooser,
            VmChoices[] initial, CostModel costs, UpgradeTarget target) {
        this.cloud = cloud;
        this.placement = placement;
        this.destinations = destinations;
        this.chooser = chooser;
        this.initial = initial;
        this.costs = costs;
        this.target = target;
    }

    /** The host's VMs with their decisions, in VM order. Moves and deletions are applied to the placement. */
    List<VmWork> resolve(int host) {
        Host hostInfo = cloud.hosts[host];
        List<VmWork> works = new ArrayList<>(placement.vmsOn(host).size());
        for (int vm : new ArrayList<>(placement.vmsOn(host))) {
            Vm v = cloud.vms[vm];
            boolean onItsOwnHost = cloud.vmHost[vm] == host;
            VmChoices choices = onItsOwnHost && initial[vm] != null ? initial[vm] : chooser.choices(v, hostInfo);
            VmWork work = new VmWork(vm, v.flavor().ramMib(), choices);
            if (!onItsOwnHost) {
                work.note("second step: moved here earlier from " + v.host() + " as no upgraded host had room");
            }
            works.add(work);
        }
        PreservedMemoryBudget budget = target.needsPreservedRegion()
                ? new PreservedMemoryBudget(hostInfo.capabilities().preservedMemoryMib()) : null;
        List<VmWork> open = works;
        while (!open.isEmpty()) {
            List<VmWork> migrants = new ArrayList<>();
            List<VmWork> preservers = new ArrayList<>();
            for (VmWork work : open) {
                ActionCost top = work.top();
                if (top == null) {
                    work.noActionAllowed = true;
                    work.chosen = costs.coldRestart(target);
                } else if (top.action() == Action.LIVE_MIGRATE) {
                    migrants.add(work);
                } else if (top.action() == Action.PRESERVE && budget != null) {
                    preservers.add(work);
                } else {
                    work.chosen = top;
                }
            }
            migrate(hostInfo, works, migrants);
            if (!preservers.isEmpty()) {
                budget.share(preservers);
            }
            List<VmWork> stillOpen = new ArrayList<>();
            for (VmWork work : open) {
                if (!work.resolved()) {
                    stillOpen.add(work);
                }
            }
            open = stillOpen;
        }
        for (VmWork work : works) {
            if (work.chosen.action() == Action.TERMINATE) {
                placement.terminate(work.vm);
            }
        }
        return works;
    }

    private void migrate(Host host, List<VmWork> works, List<VmWork> migrants) {
        List<List<VmWork>> units = new ArrayList<>();
        for (VmWork work : migrants) {
            if (!cloud.affine(work.vm)) {
                units.add(List.of(work));
            } else if (units.stream().noneMatch(unit -> unit.contains(work))) {
                List<VmWork> bundle = affinityBundle(works, work);
                if (migrants.containsAll(bundle)) {
                    units.add(bundle);
                } else {
                    for (VmWork member : bundle) {
                        member.rule(Action.LIVE_MIGRATE, "no live migration: its affinity group stays together"
                                + " and not every member on the host can migrate");
                    }
                }
            }
        }
        if (units.size() > 1) {
            units.sort(Comparator.comparingLong((List<VmWork> unit) -> -ram(unit))
                    .thenComparingInt(unit -> unit.get(0).vm));
        }
        for (List<VmWork> unit : units) {
            place(host, unit);
        }
    }

    private void place(Host host, List<VmWork> unit) {
        long vcpus = 0;
        long disk = 0;
        for (VmWork work : unit) {
            Vm vm = cloud.vms[work.vm];
            vcpus += vm.flavor().vcpus();
            disk += HostLoad.localDiskGib(vm);
        }
        Destinations.Choice choice = destinations.find(host.availabilityZone(), vcpus, ram(unit), disk,
                candidate -> unit.stream().noneMatch(work -> placement.holdsGroupPeer(candidate, work.vm)));
        if (choice == null) {
            String grouped = cloud.vmGroup[unit.get(0).vm] >= 0 ? " and its server group's policy" : "";
            for (VmWork work : unit) {
                work.rule(Action.LIVE_MIGRATE, "no live migration: no host in " + host.availabilityZone()
                        + " has room under the allocation ratios" + grouped);
            }
            return;
        }
        destinations.update(placement.loads[choice.host()], () -> unit.forEach(work -> placement.move(work.vm,
                choice.host())));
        for (VmWork work : unit) {
            work.chosen = work.top();
            work.destination = choice.host();
            if (!choice.settled()) {
                work.note("destination " + cloud.hosts[choice.host()].name()
                        + " is upgraded later: no upgraded host had room, so the VM moves again there");
            }
        }
    }

    private List<VmWork> affinityBundle(List<VmWork> works, VmWork member) {
        int group = cloud.vmGroup[member.vm];
        return works.stream().filter(work -> cloud.vmGroup[work.vm] == group).toList();
    }

    private static long ram(List<VmWork> unit) {
        long ram = 0;
        for (VmWork work : unit) {
            ram += work.ramMib;
        }
        return ram;
    }
}
