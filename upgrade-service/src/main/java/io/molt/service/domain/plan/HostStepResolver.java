package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.Vm;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Decides what happens to every VM on one host when the host's wave comes:
 * <ol>
 *   <li>rank each VM's allowed actions ({@link ActionChooser});</li>
 *   <li>VMs whose best action is a live migration get a destination ({@link Destinations}); members of
 *       a hard affinity group move together to one host or not at all (members that would rather stay but
 *       may migrate go along; members to be deleted do not count); a VM with no room loses the option;</li>
 *   <li>for a kernel upgrade, VMs whose best action is preservation share the host's preserved memory
 *       ({@link PreservedMemoryBudget}); a refused VM loses the option;</li>
 *   <li>repeat with the next best option until every VM has its action. Each round resolves a VM or rules
 *       an option out, so this ends;</li>
 *   <li>add to each guest that stays the time it waits for the others ({@link #neighbourWaits}); a guest
 *       that the waits push over its downtime limit loses its action, and the rounds go on for it;</li>
 *   <li>where members of one hard anti-affinity group on this host would all be down (kept in place or
 *       deleted), keep one so and make the others that may still live-migrate stay up: their actions that
 *       take them down are ruled out and the rounds go on for them. Only members that cannot move are left
 *       down together, and the plan says so ({@link PlanRecorder}).</li>
 * </ol>
 */
final class HostStepResolver {

    /** Any destination will do: the unit has no anti-affinity peers to keep apart from. */
    private static final IntPredicate ANYWHERE = candidate -> true;

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

    /**
     * The host's VMs with their decisions, in VM order but for the guests that stay, which are in the order the
     * agent handles them. Moves and deletions are applied to the placement.
     */
    List<VmWork> resolve(int host) {
        Host hostInfo = cloud.hosts[host];
        int[] vms = placement.vmsOn(host);
        List<VmWork> works = new ArrayList<>(vms.length);
        for (int vm : vms) {
            Vm v = cloud.vms[vm];
            boolean onItsOwnHost = cloud.vmHost[vm] == host;
            VmChoices choices = onItsOwnHost && initial[vm] != null ? initial[vm] : chooser.choices(v, hostInfo);
            VmWork work = new VmWork(vm, cloud.uuidRank[vm], cloud.ramMib[vm], choices);
            if (!onItsOwnHost) {
                work.note("second step: moved here earlier from " + v.host() + " as no upgraded host had room");
            }
            works.add(work);
        }
        PreservedMemoryBudget budget = target.needsPreservedRegion()
                ? new PreservedMemoryBudget(hostInfo.capabilities().preservedMemoryMib()) : null;
        List<VmWork> open = works;
        while (!open.isEmpty()) {
            decide(hostInfo, works, open, budget);
            open = overLimitWithWaits(hostInfo, works, budget);
            if (open.isEmpty()) {
                open = antiAffinePeersDownTogether(works, budget);
            }
        }
        for (VmWork work : works) {
            if (work.chosen.action() == Action.TERMINATE) {
                placement.terminate(work.vm);
            }
        }
        return inAgentOrder(works);
    }

    /** Rounds over the open VMs until each has its action. */
    private void decide(Host hostInfo, List<VmWork> works, List<VmWork> open, PreservedMemoryBudget budget) {
        while (!open.isEmpty()) {
            List<VmWork> migrants = new ArrayList<>();
            List<VmWork> preservers = new ArrayList<>();
            List<VmWork> others = new ArrayList<>();
            for (VmWork work : open) {
                ActionCost top = work.top();
                if (top == null) {
                    work.noActionAllowed = true;
                    work.chosen = costs.coldRestart(target, hostInfo);
                } else if (top.action() == Action.LIVE_MIGRATE) {
                    migrants.add(work);
                } else if (top.action() == Action.PRESERVE && budget != null) {
                    preservers.add(work);
                } else {
                    others.add(work);
                }
            }
            migrate(hostInfo, works, migrants);
            preservers.removeIf(VmWork::resolved); // taken along by their affinity group's migration
            if (!preservers.isEmpty()) {
                budget.share(preservers);
            }
            for (VmWork work : others) {
                if (!work.resolved()) {
                    work.chosen = work.top();
                }
            }
            List<VmWork> stillOpen = new ArrayList<>();
            for (VmWork work : open) {
                if (!work.resolved()) {
                    stillOpen.add(work);
                }
            }
            open = stillOpen;
        }
    }

    /**
     * Sets each staying guest's wait for its neighbours and reopens those the wait pushes over their
     * downtime limit, with that action ruled out (and its preserved memory given back).
     */
    private List<VmWork> overLimitWithWaits(Host host, List<VmWork> works, PreservedMemoryBudget budget) {
        neighbourWaits(host, works);
        List<VmWork> over = new ArrayList<>();
        for (VmWork work : works) {
            if (work.neighbourWaitSeconds == 0 || work.noActionAllowed) {
                continue;
            }
            Long limitMs = chooser.downtimeLimitMs(cloud.vms[work.vm]);
            double downtimeMs = work.downtimeSeconds() * 1000;
            String which = "the limit of ";
            work.overDefaultLimitMs = null;
            if (limitMs == null || downtimeMs <= limitMs) {
                limitMs = chooser.defaultLimitMs(cloud.vms[work.vm]);
                which = "the campaign's default limit of ";
                if (limitMs != null && downtimeMs > limitMs && !work.hasOtherActionWithin(limitMs)) {
                    work.overDefaultLimitMs = limitMs; // nothing else fits the default: the waits are kept, and said
                    limitMs = null;
                }
            }
            if (limitMs != null && downtimeMs > limitMs) {
                Action action = work.chosen.action();
                if (action == Action.PRESERVE && budget != null) {
                    budget.release(work);
                }
                work.chosen = null;
                work.rule(action, ActionChooser.label(action) + ": " + Math.round(downtimeMs)
                        + " ms with the waits for the host's other guests exceeds " + which + limitMs + " ms");
                over.add(work);
            }
        }
        return over;
    }

    /**
     * Reopens the members of a hard anti-affinity group that would be down on this host together with another
     * member, keeping down the first that cannot live-migrate (or the first of all): each of the others that
     * may still live-migrate has its actions that take it down ruled out (its preserved memory given back).
     */
    private List<VmWork> antiAffinePeersDownTogether(List<VmWork> works, PreservedMemoryBudget budget) {
        java.util.Map<Integer, List<VmWork>> downByGroup = new java.util.HashMap<>();
        for (VmWork work : works) {
            if (cloud.antiAffine(work.vm) && work.chosen != ActionCost.NOT_RUNNING
                    && !work.chosen.action().keepsVmAvailable()) {
                downByGroup.computeIfAbsent(cloud.vmGroup[work.vm], group -> new ArrayList<>()).add(work);
            }
        }
        List<VmWork> reopened = new ArrayList<>();
        for (List<VmWork> down : downByGroup.values()) {
            if (down.size() < 2) {
                continue;
            }
            VmWork kept = down.stream().filter(work -> work.cost(Action.LIVE_MIGRATE) == null).findFirst()
                    .orElse(down.get(0));
            for (VmWork work : down) {
                if (work == kept || work.cost(Action.LIVE_MIGRATE) == null) {
                    continue;
                }
                if (work.chosen.action() == Action.PRESERVE && budget != null) {
                    budget.release(work);
                }
                String why = "stays up: " + cloud.vms[kept.vm].uuid() + " of its anti-affinity group "
                        + cloud.groups[cloud.vmGroup[work.vm]].id() + " is down on this host at the same time";
                for (ActionCost cost : List.copyOf(work.left)) {
                    if (!cost.action().keepsVmAvailable()) {
                        work.rule(cost.action(), ActionChooser.label(cost.action()) + ": " + why);
                    }
                }
                work.chosen = null;
                reopened.add(work);
            }
        }
        reopened.sort((a, b) -> Integer.compare(a.vm, b.vm));
        return reopened;
    }

    /**
     * The host's agent takes the guests that stay down and, after the outage, brings them back, in the plan's
     * order and {@code guests_at_once} at a time ({@link GuestLanes}). A guest is down from the start of its
     * take-down to the end of its return, so beyond its own work it waits for the take-downs still running
     * after its own and for its turn to come back. The order is the one that keeps the worst guest's share of
     * its limit least ({@link GuestOrder}); each staying guest's place in it is its {@code laneRank}.
     */
    private void neighbourWaits(Host host, List<VmWork> works) {
        List<VmWork> staying = new ArrayList<>(works.size());
        for (VmWork work : works) {
            work.neighbourWaitSeconds = 0;
            work.laneRank = -1;
            if (staysDown(work)) {
                staying.add(work);
            }
        }
        int n = staying.size();
        GuestOrder.Guests guests = new GuestOrder.Guests(new double[n], new double[n], new double[n], new double[n],
                new Action[n]);
        for (int i = 0; i < n; i++) {
            VmWork work = staying.get(i);
            guests.actions()[i] = work.chosen.action();
            guests.takeDown()[i] = costs.takeDownSeconds(guests.actions()[i], work.ramMib, host);
            guests.bringBack()[i] = costs.bringBackSeconds(guests.actions()[i], work.ramMib, host, target);
            guests.ownDowntime()[i] = work.chosen.downtimeSeconds();
        }
        if (!GuestOrder.allAlike(guests)) { // only then does the order, and so each guest's limit, matter
            for (int i = 0; i < n; i++) {
                guests.limitSeconds()[i] = limitSeconds(cloud.vms[staying.get(i).vm]);
            }
        }
        int atOnce = host.capabilities().guestsAtOnce();
        GuestOrder.Chosen chosen = GuestOrder.choose(atOnce, guests);
        for (int k = 0; k < n; k++) {
            staying.get(chosen.order()[k]).laneRank = k;
        }
        for (int i = 0; i < n; i++) {
            staying.get(i).neighbourWaitSeconds = chosen.waitSeconds()[i];
            staying.get(i).guestsAtOnce = atOnce;
        }
    }

    /** The tighter of the VM's hard limit and the campaign's default for VMs that set none, in seconds. */
    private double limitSeconds(Vm vm) {
        Long hard = chooser.downtimeLimitMs(vm);
        Long soft = chooser.defaultLimitMs(vm);
        long limit = Math.min(hard == null ? Long.MAX_VALUE : hard, soft == null ? Long.MAX_VALUE : soft);
        return limit == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : Math.max(limit, 1) / 1000.0;
    }

    /**
     * The works in the order the agent handles them: the staying guests, in the slots they hold in uuid
     * order, in their {@code laneRank} order; every other VM keeps its place.
     */
    private static List<VmWork> inAgentOrder(List<VmWork> works) {
        List<VmWork> staying = new ArrayList<>();
        for (VmWork work : works) {
            if (work.laneRank >= 0) {
                staying.add(work);
            }
        }
        if (staying.size() < 2) {
            return works;
        }
        staying.sort((a, b) -> Integer.compare(a.laneRank, b.laneRank));
        List<VmWork> ordered = new ArrayList<>(works.size());
        int next = 0;
        for (VmWork work : works) {
            ordered.add(work.laneRank >= 0 ? staying.get(next++) : work);
        }
        return ordered;
    }

    private static boolean staysDown(VmWork work) {
        return work.chosen != ActionCost.NOT_RUNNING && !work.chosen.action().keepsVmAvailable()
                && work.chosen.action() != Action.TERMINATE;
    }

    /** VMs that move together (an affinity group's members on this host, or one VM) and their demand. */
    private record Unit(List<VmWork> members, long vcpus, long ramMib, long diskGib) {

        int firstVm() {
            return members.get(0).vm;
        }
    }

    /**
     * Places the migrants, one unit at a time. An affinity group's members on this host move as one unit:
     * members that would rather do something else but may still live-migrate are taken along (a member to
     * be deleted does not hold the group back); if one member cannot migrate, none does.
     */
    private void migrate(Host host, List<VmWork> works, List<VmWork> migrants) {
        List<Unit> units = new ArrayList<>(migrants.size());
        for (VmWork work : migrants) {
            if (!cloud.affine(work.vm)) {
                units.add(unit(List.of(work)));
            } else if (work.cost(Action.LIVE_MIGRATE) != null
                    && units.stream().noneMatch(unit -> unit.members().contains(work))) { // not yet placed or refused
                List<VmWork> bundle = affinityBundle(works, work);
                if (bundle.stream().allMatch(member -> migrants.contains(member) || canJoin(member))) {
                    for (VmWork member : bundle) {
                        if (!migrants.contains(member)) {
                            member.note("live migration: moves with its affinity group");
                        }
                    }
                    units.add(unit(bundle));
                } else {
                    for (VmWork member : bundle) {
                        member.rule(Action.LIVE_MIGRATE, "no live migration: its affinity group stays together"
                                + " and not every member on the host can migrate");
                    }
                }
            }
        }
        if (units.size() > 1) {
            units.sort((a, b) -> a.ramMib() != b.ramMib() ? Long.compare(b.ramMib(), a.ramMib())
                    : Integer.compare(a.members().get(0).rank, b.members().get(0).rank));
        }
        for (Unit unit : units) {
            place(host, unit);
        }
    }

    private Unit unit(List<VmWork> members) {
        long vcpus = 0;
        long ram = 0;
        long disk = 0;
        for (VmWork work : members) {
            vcpus += cloud.vcpus[work.vm];
            ram += work.ramMib;
            disk += cloud.localDiskGib[work.vm];
        }
        return new Unit(members, vcpus, ram, disk);
    }

    private void place(Host host, Unit unit) {
        List<VmWork> members = unit.members();
        IntPredicate acceptable = anyAntiAffine(members) ? candidate -> !holdsGroupPeer(candidate, members) : ANYWHERE;
        Destinations.Choice choice = destinations.find(host.availabilityZone(), unit.vcpus(), unit.ramMib(),
                unit.diskGib(), acceptable);
        if (choice == null) {
            String grouped = cloud.vmGroup[unit.firstVm()] >= 0 ? " and its server group's policy" : "";
            for (VmWork work : members) {
                work.rule(Action.LIVE_MIGRATE, "no live migration: no host in " + host.availabilityZone()
                        + " has room under the allocation ratios" + grouped);
            }
            return;
        }
        HostLoad load = placement.loads[choice.host()];
        long before = destinations.place(load);
        for (VmWork work : members) {
            placement.move(work.vm, choice.host());
        }
        destinations.moved(load, before);
        for (VmWork work : members) {
            work.chosen = work.cost(Action.LIVE_MIGRATE);
            work.destination = choice.host();
            if (!choice.settled()) {
                work.note("destination " + cloud.hosts[choice.host()].name()
                        + " is upgraded later (no upgraded host had room): the VM gets a second step there");
            }
        }
    }

    private boolean anyAntiAffine(List<VmWork> members) {
        for (VmWork work : members) {
            if (cloud.antiAffine(work.vm)) {
                return true;
            }
        }
        return false;
    }

    private boolean holdsGroupPeer(int candidate, List<VmWork> members) {
        for (VmWork work : members) {
            if (placement.holdsGroupPeer(candidate, work.vm)) {
                return true;
            }
        }
        return false;
    }

    /** The group's members on this host, but those about to be deleted. */
    private List<VmWork> affinityBundle(List<VmWork> works, VmWork member) {
        int group = cloud.vmGroup[member.vm];
        return works.stream().filter(work -> cloud.vmGroup[work.vm] == group && !deleted(work)).toList();
    }

    /** Whether a member still open may live-migrate with its group instead of its own preference. */
    private static boolean canJoin(VmWork member) {
        return !member.resolved() && member.cost(Action.LIVE_MIGRATE) != null;
    }

    private static boolean deleted(VmWork work) {
        ActionCost action = work.resolved() ? work.chosen : work.top();
        return action != null && action.action() == Action.TERMINATE;
    }
}
