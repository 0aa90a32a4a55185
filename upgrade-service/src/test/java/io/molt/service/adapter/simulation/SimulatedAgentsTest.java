package io.molt.service.adapter.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.molt.protocol.Command;
import io.molt.protocol.Commands;
import io.molt.protocol.Envelope;
import io.molt.protocol.GuestActionKind;
import io.molt.protocol.GuestOutcome;
import io.molt.protocol.GuestResult;
import io.molt.protocol.Report;
import io.molt.protocol.UpgradeTarget;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.plan.CostParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated agents' downtime figures come from simulated time: the cost model's durations of what
 * the agent carried out on the host, however long the engine took between two commands in wall time
 * (here, at a time scale of 1e-5, every millisecond of wall time would be 100 simulated seconds).
 */
class SimulatedAgentsTest {

    private static final CostParameters COST = CostParameters.DEFAULTS;
    private static final String HOST = "compute-00000";

    private final SimulatedCloud cloud = new SimulatedCloud(SyntheticCloud.generate(new SyntheticCloudSpec(2, 3, 1, 1,
            20, 1.0, 0.5, 0.0, 0.0, 0.0)), new SimulatedTimings(COST, 1e-5));
    private final Map<String, Report.CommandResult> results = new ConcurrentHashMap<>();
    private final SimulatedAgents agents = new SimulatedAgents(cloud, new SimulatedTimings(COST, 1e-5), List.of(HOST),
            "9000000", report -> {
                if (report.payload() instanceof Report.CommandResult result) {
                    results.put(result.commandId(), result);
                }
            });

    @AfterEach
    void close() {
        agents.close();
    }

    @Test
    void aGuestIsDownFromTheStartOfItsSaveToTheEndOfItsRestoreInSimulatedTimeButNotDuringTheInstall() {
        List<Vm> vms = cloud.snapshot().vms().stream().filter(v -> v.host().equals(HOST)).toList();
        Vm preserved = vms.get(0);
        Vm suspended = vms.get(1);
        Vm restarted = vms.get(2);
        List<Commands.GuestAction> guests = List.of(new Commands.GuestAction(preserved.uuid(), GuestActionKind.PRESERVE),
                new Commands.GuestAction(suspended.uuid(), GuestActionKind.SUSPEND_TO_DISK),
                new Commands.GuestAction(restarted.uuid(), GuestActionKind.COLD_RESTART));

        run("upgrade", new Commands.RunUpgrade(List.of("apt-get", "install", "-y", "linux-image-amd64"), UpgradeTarget.KERNEL,
                1800)); // the guests still run
        run("down", new Commands.PreserveGuests(true, guests));
        Map<String, String> restored = run("up", new Commands.RestoreGuests(true, guests, UpgradeTarget.KERNEL)).details();

        double preserveHalf = COST.preserveSeconds() / 2;
        double save = COST.suspendFixedSeconds() / 2 + suspended.flavor().ramMib() / COST.diskWriteMibPerSec();
        double load = COST.suspendFixedSeconds() / 2 + suspended.flavor().ramMib() / COST.diskReadMibPerSec();
        double upgrade = COST.kexecSeconds(); // the install ran before any guest went down
        // the host's agent works on its three guests at once: all go down together and wait for the slowest
        assertThat(cloud.findHost(HOST).orElseThrow().capabilities().guestsAtOnce()).isGreaterThanOrEqualTo(3);
        double allDown = Math.max(preserveHalf, Math.max(save, COST.guestShutdownSeconds()));
        assertThat(downtimeSeconds(restored, preserved)).isCloseTo(allDown + upgrade + preserveHalf, within());
        assertThat(downtimeSeconds(restored, suspended)).isCloseTo(allDown + upgrade + load, within());
        assertThat(downtimeSeconds(restored, restarted))
                .isCloseTo(allDown + upgrade + COST.guestBootSeconds(), within());
        // the host's simulated time: the install, the take-downs, the kexec, the returns; no wall time in it
        double allBack = Math.max(preserveHalf, Math.max(load, COST.guestBootSeconds()));
        assertThat(agents.simulatedTime(HOST).toNanos() / 1e9)
                .isCloseTo(COST.packageInstallSeconds() + allDown + upgrade + allBack, within());
    }

    @Test
    void itsResultsCarryTheTypedFieldsOfProtocolV2AsTheRealAgentsDo() {
        List<Vm> vms = cloud.snapshot().vms().stream().filter(v -> v.host().equals(HOST)).toList();
        List<Commands.GuestAction> guests = List.of(new Commands.GuestAction(vms.get(0).uuid(), GuestActionKind.PRESERVE),
                new Commands.GuestAction(vms.get(1).uuid(), GuestActionKind.COLD_RESTART));

        Report.CommandResult upgraded = run("upgrade", new Commands.RunUpgrade(List.of("apt-get", "install", "-y",
                "qemu-system-x86"), UpgradeTarget.USERSPACE, 1800));
        Report.CommandResult down = run("down", new Commands.PreserveGuests(true, guests));
        Report.CommandResult up = run("up", new Commands.RestoreGuests(true, guests));

        assertThat(upgraded.run().exitCode()).isZero();
        assertThat(upgraded.run().outputTail()).startsWith("Setting up qemu-system-x86");
        assertThat(down.guests()).extracting(GuestResult::vmUuid, GuestResult::outcome, GuestResult::ramKept)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(vms.get(0).uuid(), GuestOutcome.PRESERVED, true),
                        org.assertj.core.groups.Tuple.tuple(vms.get(1).uuid(), GuestOutcome.SHUT_DOWN, false));
        assertThat(up.guests()).extracting(GuestResult::vmUuid, GuestResult::outcome, GuestResult::ramKept)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(vms.get(0).uuid(), GuestOutcome.RESTORED, true),
                        org.assertj.core.groups.Tuple.tuple(vms.get(1).uuid(), GuestOutcome.STARTED, false));
        // the same figures as the flat form a v1 service reads
        assertThat(up.guests()).allSatisfy(g -> assertThat(g.downtimeMs())
                .isEqualTo(Long.parseLong(up.details().get("downtime_ms." + g.vmUuid()))).isPositive());
    }

    @Test
    void aCompletedLiveMigrationCountsTheCostModelsPreCopyTimeOnItsSourceHost() {
        Vm vm = cloud.snapshot().vms().stream().filter(v -> v.host().equals(HOST)).findFirst().orElseThrow();
        String other = cloud.snapshot().hosts().stream().map(h -> h.name()).filter(h -> !h.equals(HOST)).findFirst()
                .orElseThrow();
        var started = cloud.liveMigrate(vm.uuid(), java.util.Optional.of(other)).orElseThrow();
        cloud.awaitMigration(vm.uuid(), started.id(), Duration.ofSeconds(5), m -> { });

        io.molt.service.domain.plan.CostModel model = new io.molt.service.domain.plan.CostModel(COST);
        var estimate = (io.molt.service.domain.plan.MigrationEstimate.Converges) model.migration(vm);
        assertThat(cloud.simulatedMigrationTime(HOST).toNanos() / 1e9)
                .isCloseTo(model.liveMigrate(estimate).busySeconds(), within())
                .isGreaterThan(COST.migrationSetupSeconds() + vm.flavor().ramMib() / COST.migrationBandwidthMibPerSec());
        assertThat(cloud.simulatedMigrationTime(other)).isZero();
    }

    @Test
    void aRepeatedCommandIdIsAnsweredWithTheRecordedDowntime() {
        Vm vm = cloud.snapshot().vms().stream().filter(v -> v.host().equals(HOST)).findFirst().orElseThrow();
        List<Commands.GuestAction> guests = List.of(new Commands.GuestAction(vm.uuid(), GuestActionKind.PRESERVE));
        run("down", new Commands.PreserveGuests(true, guests));
        Map<String, String> first = run("up", new Commands.RestoreGuests(true, guests)).details();
        results.remove("up");

        Report.CommandResult again = run("up", new Commands.RestoreGuests(true, guests));

        assertThat(again.duplicate()).isTrue();
        assertThat(again.details()).isEqualTo(first);
        assertThat(downtimeSeconds(first, vm)).isCloseTo(COST.preserveSeconds(), within());
    }

    @Test
    void anAgentSilencedAtItsNextCommandAnswersWhenWokenAndTakesNoGuestDownTwice() {
        Vm vm = cloud.snapshot().vms().stream().filter(v -> v.host().equals(HOST)).findFirst().orElseThrow();
        List<Commands.GuestAction> guests = List.of(new Commands.GuestAction(vm.uuid(), GuestActionKind.PRESERVE));
        agents.silenceAtNextCommand(HOST);
        agents.send(Envelope.command("down", HOST, "campaign", new Commands.PreserveGuests(true, guests),
                Instant.now()));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !results.containsKey("down"));

        agents.wake(HOST);
        await().atMost(Duration.ofSeconds(5)).until(() -> results.containsKey("down"));
        run("down again", new Commands.PreserveGuests(true, guests));
        Map<String, String> restored = run("up", new Commands.RestoreGuests(true, guests)).details();

        assertThat(downtimeSeconds(restored, vm)).isCloseTo(COST.preserveSeconds(), within());
        assertThat(agents.commandsRun(HOST)).isEqualTo(3);
    }

    private Report.CommandResult run(String id, Command command) {
        agents.send(Envelope.command(id, HOST, "campaign", command, Instant.now()));
        await().atMost(Duration.ofSeconds(5)).until(() -> results.containsKey(id));
        Report.CommandResult result = results.get(id);
        assertThat(result.outcome()).as(result.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        return result;
    }

    private static double downtimeSeconds(Map<String, String> details, Vm vm) {
        return Long.parseLong(details.get("downtime_ms." + vm.uuid())) / 1000.0;
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(0.002);
    }
}
