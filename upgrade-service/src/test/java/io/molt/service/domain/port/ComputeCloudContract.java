package io.molt.service.domain.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.service.domain.cloud.CloudException;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.LiveMigration;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Nova's semantics as the engine relies on them, which the simulation must keep: run against the simulated
 * cloud ({@code SimulatedComputeCloudTest}) and the dev cloud's Nova ({@code NovaComputeCloudContractIT}, on
 * servers the test boots itself; hosts are only read, never disabled, since the dev cloud is shared). A live
 * migration moves the server and its record stays readable once it ended; asking again is harmless (the
 * running migration, or nothing when the server is already there); a stopped server is not live-migrated; stop,
 * start and delete may be repeated; an unknown server is {@link CloudException.NotFound}.
 */
public abstract class ComputeCloudContract {

    protected abstract ComputeCloud cloud();

    /** An enabled, up host whose servers the test may move. */
    protected abstract String source();

    /** Another enabled, up host the test's servers may move to. */
    protected abstract String destination();

    /** A server of the test's own, ACTIVE on {@link #source()}. */
    protected abstract String bootServer();

    @Test
    void aBootedServerIsInTheSnapshotActiveAndRunningOnItsHost() {
        String server = bootServer();
        CloudSnapshot snapshot = cloud().snapshot();
        Vm vm = vm(snapshot, server);
        assertThat(vm.state()).isEqualTo(VmState.ACTIVE);
        assertThat(vm.powerState()).isEqualTo("RUNNING");
        assertThat(vm.host()).isEqualTo(source());
        assertThat(snapshot.hosts()).extracting(Host::name).contains(source(), destination());
    }

    @Test
    void aLiveMigrationMovesTheServerAndItsRecordStaysReadableOnceEnded() {
        String server = bootServer();
        List<LiveMigration> seen = new ArrayList<>();

        LiveMigration started = cloud().liveMigrate(server, Optional.of(destination())).orElseThrow();
        assertThat(started.serverUuid()).isEqualTo(server);
        assertThat(started.sourceHost()).isEqualTo(source());
        assertThat(started.destinationHost()).isEqualTo(destination());
        Optional<LiveMigration> again = cloud().liveMigrate(server, Optional.of(destination()));
        assertThat(again.map(LiveMigration::id).orElse(started.id()))
                .as("asked again: the same migration, or nothing once the server is there").isEqualTo(started.id());
        LiveMigration ended = cloud().awaitMigration(server, started.id(), Duration.ofMinutes(2), seen::add);

        assertThat(ended.status()).isEqualTo(LiveMigration.Status.COMPLETED);
        assertThat(seen).isNotEmpty().last().extracting(LiveMigration::status)
                .isEqualTo(LiveMigration.Status.COMPLETED);
        assertThat(cloud().migration(server, started.id()).status()).isEqualTo(LiveMigration.Status.COMPLETED);
        Vm moved = vm(cloud().snapshot(), server);
        assertThat(moved.host()).isEqualTo(destination());
        assertThat(moved.state()).isEqualTo(VmState.ACTIVE);
        assertThat(cloud().liveMigrate(server, Optional.of(destination()))).as("already there").isEmpty();
        assertThatThrownBy(() -> cloud().abortMigration(server, started.id())).as("it has ended")
                .isInstanceOf(CloudException.Conflict.class);
    }

    @Test
    void withoutADestinationTheCloudChoosesAnotherHost() {
        String server = bootServer();
        LiveMigration started = cloud().liveMigrate(server, Optional.empty()).orElseThrow();
        LiveMigration ended = cloud().awaitMigration(server, started.id(), Duration.ofMinutes(2), m -> { });
        assertThat(ended.status()).isEqualTo(LiveMigration.Status.COMPLETED);
        assertThat(ended.destinationHost()).isNotEqualTo(source());
        assertThat(vm(cloud().snapshot(), server).host()).isEqualTo(ended.destinationHost());
    }

    @Test
    void stopAndStartMayBeRepeatedAndAStoppedServerIsNotLiveMigrated() {
        String server = bootServer();
        cloud().stopServer(server);
        cloud().stopServer(server);
        Vm stopped = vm(cloud().snapshot(), server);
        assertThat(stopped.state()).isEqualTo(VmState.SHUTOFF);
        assertThat(stopped.powerState()).isEqualTo("SHUTDOWN");

        assertThatThrownBy(() -> cloud().liveMigrate(server, Optional.of(destination())))
                .isInstanceOf(CloudException.Conflict.class);
        assertThat(vm(cloud().snapshot(), server).host()).as("refused: it stays").isEqualTo(source());

        cloud().startServer(server);
        cloud().startServer(server);
        Vm started = vm(cloud().snapshot(), server);
        assertThat(started.state()).isEqualTo(VmState.ACTIVE);
        assertThat(started.powerState()).isEqualTo("RUNNING");
        assertThat(started.host()).isEqualTo(source());
    }

    @Test
    void deleteMayBeRepeatedAndAnUnknownServerIsNotFound() {
        String server = bootServer();
        cloud().deleteServer(server);
        cloud().deleteServer(server);
        assertThat(cloud().snapshot().vms()).extracting(Vm::uuid).doesNotContain(server);

        String missing = UUID.randomUUID().toString();
        assertThatThrownBy(() -> cloud().stopServer(missing)).isInstanceOf(CloudException.NotFound.class);
        assertThatThrownBy(() -> cloud().liveMigrate(missing, Optional.empty()))
                .isInstanceOf(CloudException.NotFound.class);
        cloud().deleteServer(missing);
    }

    private static Vm vm(CloudSnapshot snapshot, String uuid) {
        return snapshot.vms().stream().filter(v -> v.uuid().equals(uuid)).findFirst()
                .orElseThrow(() -> new AssertionError("server " + uuid + " is not in the snapshot"));
    }
}
