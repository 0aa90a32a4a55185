package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.adapter.simulation.SimulatedCloud;
import io.molt.service.adapter.simulation.SimulatedTimings;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.StepProgress;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.HostCapabilities;
import io.molt.service.domain.cloud.LiveMigration;
import io.molt.service.domain.cloud.Resources;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmPolicy;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.CostParameters;
import io.molt.service.domain.plan.UpgradeTarget;
import io.molt.service.domain.port.ComputeCloud;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The EVACUATE step against the simulated Nova: a destination Nova refuses for a while, then accepts. */
class EvacuationTest {

    private static final HostCapabilities CAPS = new HostCapabilities(true, false, 0, true, "7.2", "9.0", 0);
    private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

    private final SimulatedCloud cloud = new SimulatedCloud(new CloudSnapshot(NOW,
            List.of(host("a"), host("b")),
            List.of(new Vm("vm-1", "vm-1", "p", "a", new Resources(1, 512, 0), VmState.ACTIVE, true, false,
                    VmPolicy.ANY, null, null, 1.0)), List.of()),
            new SimulatedTimings(CostParameters.DEFAULTS, 0.001));
    private final Campaign campaign = new Campaign("c", "c", CampaignState.RUNNING, null, UpgradeTarget.USERSPACE, null,
            CampaignOptions.defaults(), new UpgradeSpec(List.of("/bin/true"), 60, null), "test", NOW, NOW,
            true, 0);
    private final CampaignHost source = CampaignHost.pending("c", "a", 1, 0, NOW);
    private final VmAction move = new VmAction("c", "vm-1", "vm-1", "a", Action.LIVE_MIGRATE, "b", "test",
            VmState.ACTIVE, VmActionState.PENDING, null, 1, null, null, 0);

    @Test
    void aDestinationNovaRefusesForAWhileIsAskedAgainUntilItAccepts() {
        cloud.disableHost("b", "still counted as holding an anti-affine peer");
        CompletableFuture.runAsync(() -> cloud.enableHost("b"), CompletableFuture.delayedExecutor(300,
                TimeUnit.MILLISECONDS));

        StepOutcome outcome = evacuation(Duration.ofSeconds(2)).run(campaign, source, List.of(move));

        assertThat(outcome.progress()).isInstanceOf(StepProgress.Succeeded.class);
        assertThat(outcome.vms()).singleElement().extracting(VmAction::state).isEqualTo(VmActionState.DONE);
        assertThat(cloud.snapshot().vms()).singleElement().extracting(Vm::host).isEqualTo("b");
        assertThat(cloud.migrationsStarted("vm-1")).isEqualTo(1);
    }

    @Test
    void aRefusalThatOutlastsTheWaitFailsTheStepWithNovasMessage() {
        cloud.disableHost("b", "maintenance");

        StepOutcome outcome = evacuation(Duration.ofMillis(200)).run(campaign, source, List.of(move));

        assertThat(outcome.progress()).isInstanceOfSatisfying(StepProgress.Failed.class,
                failed -> assertThat(failed.error()).contains("from a to b failed").contains("No valid host"));
        assertThat(cloud.migrationsStarted("vm-1")).isZero();
    }

    @Test
    void aMigrationWhoseStartWasAnsweredTooLateIsRecordedAsAMove() {
        // as Nova's adapter sees a start whose answer was lost: it asks again, and the server is there already
        ComputeCloud lateAnswers = (ComputeCloud) java.lang.reflect.Proxy.newProxyInstance(
                ComputeCloud.class.getClassLoader(), new Class<?>[] {ComputeCloud.class}, (self, method, args) -> {
                    if (method.getName().equals("liveMigrate")) {
                        LiveMigration first = cloud.liveMigrate((String) args[0], Optional.of("b")).orElseThrow();
                        cloud.awaitMigration(first.serverUuid(), first.id(), Duration.ofSeconds(10), m -> { });
                    }
                    return method.invoke(cloud, args);
                });

        StepOutcome outcome = new Evacuation(lateAnswers, Duration.ofSeconds(30), Duration.ZERO, id -> { },
                Clock.systemUTC()).run(campaign, source, List.of(move));

        assertThat(outcome.progress()).isInstanceOf(StepProgress.Succeeded.class);
        assertThat(outcome.vms()).singleElement().extracting(VmAction::state).isEqualTo(VmActionState.DONE);
        assertThat(outcome.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("vm.migrated");
            assertThat(e.message()).contains("from a to b completed (found there");
        });
        assertThat(cloud.migrationsStarted("vm-1")).isEqualTo(1);
    }

    @Test
    void guestsMigrateAsManyAtATimeAsTheCampaignAllowsPerHost() {
        List<VmAction> moves = List.of(move("vm-1"), move("vm-2"), move("vm-3"), move("vm-4"), move("vm-5"));
        SimulatedCloud five = new SimulatedCloud(new CloudSnapshot(NOW, List.of(host("a"), host("b")),
                moves.stream().map(m -> vm(m.vmUuid())).toList(), List.of()),
                new SimulatedTimings(CostParameters.DEFAULTS, 0.05));
        Campaign twoAtATime = new Campaign("c", "c", CampaignState.RUNNING, null, UpgradeTarget.USERSPACE, null,
                CampaignOptions.builder().maxMigrations(2, 0).build(), campaign.upgrade(), "test", NOW, NOW,
                true, 0);

        StepOutcome outcome = new Evacuation(five, Duration.ofSeconds(30), Duration.ZERO, id -> { },
                Clock.systemUTC()).run(twoAtATime, source, moves);

        assertThat(outcome.progress()).isInstanceOf(StepProgress.Succeeded.class);
        assertThat(outcome.vms()).hasSize(5).allMatch(v -> v.state() == VmActionState.DONE);
        assertThat(five.snapshot().vms()).allMatch(v -> v.host().equals("b"));
        assertThat(five.peakRunningMigrations()).isEqualTo(2);
    }

    @Test
    void afterAFailedMigrationNoOtherStartsAndTheRunningOnesEnd() {
        List<VmAction> moves = List.of(move("vm-1"), move("vm-2"), move("vm-3"), move("vm-4"));
        SimulatedCloud four = new SimulatedCloud(new CloudSnapshot(NOW, List.of(host("a"), host("b")),
                moves.stream().map(m -> vm(m.vmUuid())).toList(), List.of()),
                new SimulatedTimings(CostParameters.DEFAULTS, 0.05));
        four.failMigrationsOf("vm-1");
        Campaign twoAtATime = new Campaign("c", "c", CampaignState.RUNNING, null, UpgradeTarget.USERSPACE, null,
                CampaignOptions.builder().maxMigrations(2, 0).build(), campaign.upgrade(), "test", NOW, NOW,
                true, 0);

        StepOutcome outcome = new Evacuation(four, Duration.ofSeconds(30), Duration.ZERO, id -> { },
                Clock.systemUTC()).run(twoAtATime, source, moves);

        assertThat(outcome.progress()).isInstanceOfSatisfying(StepProgress.Failed.class,
                failed -> assertThat(failed.error()).contains("vm-1").contains("ERROR"));
        assertThat(four.migrationsStarted("vm-1")).isEqualTo(1);
        assertThat(four.migrationsStarted("vm-2")).isEqualTo(1);
        assertThat(four.migrationsStarted("vm-3") + four.migrationsStarted("vm-4")).isLessThanOrEqualTo(1);
        assertThat(four.peakRunningMigrations()).isLessThanOrEqualTo(2);
        assertThat(four.snapshot().vms()).filteredOn(v -> v.uuid().equals("vm-2")).singleElement()
                .extracting(Vm::host).isEqualTo("b");
    }

    private static VmAction move(String uuid) {
        return new VmAction("c", uuid, uuid, "a", Action.LIVE_MIGRATE, "b", "test", VmState.ACTIVE, VmActionState.PENDING, null, 1,
                null, null, 0);
    }

    private static Vm vm(String uuid) {
        return new Vm(uuid, uuid, "p", "a", new Resources(1, 512, 0), VmState.ACTIVE, true, false, VmPolicy.ANY, null,
                null, 1.0);
    }

    private Evacuation evacuation(Duration noValidHostWait) {
        return new Evacuation(cloud, Duration.ofSeconds(30), noValidHostWait, id -> { }, Clock.systemUTC());
    }

    private static Host host(String name) {
        return new Host(name, "az-1", Set.of(), new Resources(8, 16384, 100), Resources.ZERO, true, true, "1", CAPS);
    }
}
