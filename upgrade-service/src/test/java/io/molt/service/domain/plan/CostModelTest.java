package io.molt.service.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.HostCapabilities;
import io.molt.service.domain.cloud.MeasuredKexec;
import io.molt.service.domain.cloud.Resources;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmPolicy;
import io.molt.service.domain.cloud.VmState;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cost model's figures with the documented defaults (docs/cost-model.md). */
class CostModelTest {

    private final CostModel costs = new CostModel(CostParameters.DEFAULTS);

    @ParameterizedTest(name = "{0}: preserve {1} s, cold restart {2} s")
    @CsvSource({
        "USERSPACE,   1.25, 45.0",
        "KERNEL,      8.85, 47.6",
        "FULL_REBOOT,   -1, 340.0"})
    void inPlaceAndColdRestartDowntimes(UpgradeTarget target, double preserveSeconds, double coldSeconds) {
        if (preserveSeconds >= 0) {
            assertThat(costs.preserve(target).downtimeSeconds()).isCloseTo(preserveSeconds, within(1e-9));
            assertThat(costs.preserve(target).movedMib()).isZero();
        } else {
            assertThatThrownBy(() -> costs.preserve(target)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(costs.coldRestart(target).downtimeSeconds()).isCloseTo(coldSeconds, within(1e-9));
    }

    @ParameterizedTest(name = "suspend {0} MiB, host writes {1} MiB/s, {2}: {3} s")
    @CsvSource({
        // fixed 1 s + RAM / write + RAM / 900 MiB/s read + host outage
        "4096,    0, USERSPACE,  15.102",   // 1 + 4.551 + 4.551 + 5
        "4096,    0, KERNEL,     17.702",   // kexec 7.6 s instead of 5 s
        "4096, 1500, KERNEL,     15.882",   // 1 + 2.731 + 4.551 + 7.6
        "256,     0, USERSPACE,   6.569",
        "65536,   0, FULL_REBOOT, 446.636"})
    void suspendToDiskScalesWithRam(long ramMib, double hostWriteMibPerSec, UpgradeTarget target, double seconds) {
        Host host = host(new HostCapabilities(true, false, 0, true, null, null, hostWriteMibPerSec));
        ActionCost cost = costs.suspendToDisk(vm(ramMib, 10.0), host, target);
        assertThat(cost.downtimeSeconds()).isCloseTo(seconds, within(0.001));
        assertThat(cost.busySeconds()).isCloseTo(seconds - CostParameters.DEFAULTS.hostOutageSeconds(target),
                within(0.001));
    }

    @Test
    void aKernelUpgradeOfAHostWithMeasuredKexecsUsesItsFiguresAndOtherTargetsTheDefaults() {
        // measured: kexec to agent 20 s, a guest's restore 2 s
        Host measured = host(new HostCapabilities(true, true, 4096, true, null, null, 0, 1, new MeasuredKexec(20, 2.0, 3)));
        Host kexecOnly = host(new HostCapabilities(true, true, 4096, true, null, null, 0, 1, new MeasuredKexec(20, null, 1)));

        // half a preservation (0.625 s) + 20 s + 2 s; the host's own work 0.625 + 2
        assertThat(costs.preserve(UpgradeTarget.KERNEL, measured)).isEqualTo(new ActionCost(Action.PRESERVE, 22.625, 0,
                2.625));
        assertThat(costs.preserve(UpgradeTarget.KERNEL, kexecOnly).downtimeSeconds()).isCloseTo(21.25, within(1e-9));
        assertThat(costs.bringBackSeconds(Action.PRESERVE, 2048, measured, UpgradeTarget.KERNEL)).isEqualTo(2.0);
        assertThat(costs.coldRestart(UpgradeTarget.KERNEL, measured).downtimeSeconds()).isCloseTo(60, within(1e-9));
        assertThat(costs.suspendToDisk(vm(4096, 10.0), measured, UpgradeTarget.KERNEL).downtimeSeconds())
                .isCloseTo(17.702 - 7.6 + 20, within(0.001));
        assertThat(costs.hostFixedSeconds(UpgradeTarget.KERNEL, false, measured)).isCloseTo(60 + 20 + 10, within(1e-9));
        // a kexec says nothing of a userspace upgrade or a firmware reboot
        assertThat(costs.preserve(UpgradeTarget.USERSPACE, measured)).isEqualTo(costs.preserve(UpgradeTarget.USERSPACE));
        assertThat(costs.bringBackSeconds(Action.PRESERVE, 2048, measured, UpgradeTarget.USERSPACE)).isEqualTo(0.625);
        assertThat(costs.coldRestart(UpgradeTarget.FULL_REBOOT, measured)).isEqualTo(costs.coldRestart(
                UpgradeTarget.FULL_REBOOT));
        assertThat(costs.preserve(UpgradeTarget.KERNEL, host(TestCloud.PRESERVING)))
                .isEqualTo(costs.preserve(UpgradeTarget.KERNEL));
    }

    @Test
    void terminationHasNoDowntimeAndMovesNothing() {
        assertThat(costs.terminate()).isEqualTo(new ActionCost(Action.TERMINATE, 0, 0, 0));
    }

    @Test
    void liveMigrationCopiesLocalDisksButNotVolumes() {
        Vm local = vm(4096, 16.0);
        Vm onVolume = new Vm("v", "v", "p", "h", local.flavor(), VmState.ACTIVE, true, false, VmPolicy.ANY, null,
                null, 16.0);
        double localMoved = ((MigrationEstimate.Converges) costs.migration(local)).movedMib();
        double volumeMoved = ((MigrationEstimate.Converges) costs.migration(onVolume)).movedMib();
        assertThat(localMoved - volumeMoved).isCloseTo(80 * 1024, within(1e-6));
    }

    @Test
    void unknownDirtyRateUsesTheDefault() {
        Vm unknown = vm(4096, null);
        assertThat(costs.migration(unknown)).isEqualTo(costs.migration(vm(4096, 16.0)));
    }

    @Test
    void hostFixedTimeAddsInstallOutageVerifyAndGuestRestarts() {
        assertThat(costs.hostFixedSeconds(UpgradeTarget.KERNEL, false)).isCloseTo(60 + 7.6 + 10, within(1e-9));
        assertThat(costs.hostFixedSeconds(UpgradeTarget.FULL_REBOOT, true)).isCloseTo(60 + 300 + 10 + 10 + 30,
                within(1e-9));
    }

    @Test
    void parametersRefuseNonsense() {
        assertThatThrownBy(() -> new CostParameters(0, 500, 1, 50, 800, 16, 1.25, 7.6, 5, 300, 1, 900, 900, 10, 30, 60,
                10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CostParameters(1100, 500, 1, 50, 800, 16, -1, 7.6, 5, 300, 1, 900, 900, 10, 30,
                60, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    static Vm vm(long ramMib, Double dirty) {
        return new Vm("vm-" + ramMib, "vm", "project", "h", new Resources(2, ramMib, 80), VmState.ACTIVE, false, false,
                VmPolicy.ANY, null, null, dirty);
    }

    static Host host(HostCapabilities capabilities) {
        return new Host("h", "az-1", Set.of(), new Resources(64, 262144, 2048), Resources.ZERO, true, true, "1",
                capabilities);
    }
}
