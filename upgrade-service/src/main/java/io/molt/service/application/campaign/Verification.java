package io.molt.service.application.campaign;

import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.StepProgress;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.port.ComputeCloud;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The VERIFY step: Nova sees the host's service up, every guest where it should be (moved guests away from
 * the host, kept guests on it) and ACTIVE (a guest that was stopped when planned may stay stopped, one that
 * was paused may be paused), deleted guests gone, and the hypervisor version as targeted.
 * <p>
 * nova-compute reports its hypervisor version with its resources, on start and then every
 * {@code update_resources_interval} (60 s by default); right after RESTORE started it again, Nova can still show
 * the version of before the upgrade. A version that is the only
 * problem is therefore waited for, up to {@link #NOVA_REPORT_WAIT} after the step began, before it counts as a
 * failed attempt (on the first attempt only: a retry checks at once).
 */
final class Verification {

    static final Duration NOVA_REPORT_WAIT = Duration.ofMinutes(2);

    private final ComputeCloud cloud;
    private final Clock clock;

    Verification(ComputeCloud cloud) {
        this(cloud, Clock.systemUTC());
    }

    Verification(ComputeCloud cloud, Clock clock) {
        this.cloud = cloud;
        this.clock = clock;
    }

    StepOutcome run(Campaign campaign, CampaignHost host, List<VmAction> vms) {
        CloudSnapshot snapshot = cloud.snapshot();
        Host seen = snapshot.hosts().stream().filter(h -> h.name().equals(host.host())).findFirst().orElse(null);
        List<String> problems = new ArrayList<>();
        if (seen == null || !seen.up()) {
            problems.add("nova-compute on " + host.host() + " is not up");
        }
        String expected = campaign.upgrade().expectedHypervisorVersion();
        String versionProblem = seen != null && expected != null && host.upgraded()
                && !expected.equals(seen.hypervisorVersion())
                ? "hypervisor version is " + seen.hypervisorVersion() + ", expected " + expected : null;
        Map<String, Vm> byUuid = snapshot.vms().stream().collect(Collectors.toMap(Vm::uuid, Function.identity()));
        List<VmAction> done = new ArrayList<>();
        for (VmAction vm : vms) {
            if (!vm.sourceHost().equals(host.host()) || vm.state() == VmActionState.SKIPPED) {
                continue;
            }
            Vm now = byUuid.get(vm.vmUuid());
            String problem = problem(vm, now, host.host());
            if (problem != null) {
                problems.add(problem);
            } else if (vm.state() != VmActionState.DONE) {
                done.add(vm.moved(VmActionState.DONE, null, null, null));
            }
        }
        if (versionProblem != null && problems.isEmpty() && host.attempt() <= 1 && host.stepStartedAt() != null
                && Duration.between(host.stepStartedAt(), clock.instant()).compareTo(NOVA_REPORT_WAIT) < 0) {
            return new StepOutcome(new StepProgress.Running("waiting for nova-compute on " + host.host()
                    + " to report its new hypervisor version: " + versionProblem), List.of(), List.of());
        }
        if (versionProblem != null) {
            problems.add(versionProblem);
        }
        if (!problems.isEmpty()) {
            return StepOutcome.failed("verification of " + host.host() + " failed: " + String.join("; ", problems), true,
                    List.of(), List.of());
        }
        return StepOutcome.succeeded("host up, guests where expected and running as before", done, List.of());
    }

    private static String problem(VmAction vm, Vm now, String host) {
        String name = vm.vmName() + " (" + vm.vmUuid() + ")";
        if (vm.action() == Action.TERMINATE) {
            return now == null ? null : name + " still exists";
        }
        if (now == null) {
            return name + " no longer exists";
        }
        if (now.state() != VmState.ACTIVE && !vm.plannedStopped()
                && !(vm.plannedVmState() == VmState.PAUSED && now.state() == VmState.PAUSED)) {
            return name + " is " + now.state() + ", not ACTIVE";
        }
        boolean moved = vm.action() == Action.LIVE_MIGRATE;
        if (moved && now.host().equals(host) && vm.state() == VmActionState.DONE) {
            return name + " is back on " + host;
        }
        if (!moved && !now.host().equals(host)) {
            return name + " is on " + now.host() + ", expected on " + host;
        }
        return null;
    }
}
