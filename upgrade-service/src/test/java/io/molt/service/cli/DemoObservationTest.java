package io.molt.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A VM's simulated downtime: what its agent reported for the VMs that stay on their host (whatever the
 * wall time between the host's steps was), the planner's figure for the VMs that leave it.
 */
class DemoObservationTest {

    @Test
    void vmsThatStayCountWhatTheirAgentReportedAndVmsThatLeaveThePlannersFigure() {
        List<VmAction> vms = List.of(
                vm(Action.COLD_RESTART, VmActionState.DONE, 47_600, 107_600L),
                vm(Action.SUSPEND_TO_DISK, VmActionState.DONE, 13_150, 73_150L),
                vm(Action.PRESERVE, VmActionState.DONE, 8_850, 68_850L),
                vm(Action.LIVE_MIGRATE, VmActionState.DONE, 170, null),
                vm(Action.TERMINATE, VmActionState.DONE, 0, null),
                vm(Action.PRESERVE, VmActionState.IN_PROGRESS, 8_850, null));
        DemoObservation seen = new DemoObservation(null, List.of(), vms, List.of(), 0.004);

        assertThat(vms.stream().map(seen::downtimeSeconds)).containsExactly(107.6, 73.15, 68.85, 0.17, 0.0, null);
        assertThat(seen.downtimeSoFarSeconds()).isCloseTo(249.77, org.assertj.core.data.Offset.offset(1e-9));
    }

    private static VmAction vm(Action action, VmActionState state, long predictedMs, Long actualMs) {
        return new VmAction("c", action + "-" + state, "vm", "compute-00000", action, null, "test", VmState.ACTIVE,
                state, null, predictedMs, actualMs, null, 1);
    }
}
