package io.molt.service.adapter.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.service.domain.cloud.CloudException;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.LiveMigration;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.CostParameters;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A simulated cloud served on loopback and used through {@link RemoteSimulatedCloud}, as another process does. */
class RemoteSimulatedCloudIT {

    private SimulatedCloud cloud;
    private SimulatedCloudServer server;
    private RemoteSimulatedCloud remote;

    @BeforeEach
    void serve() throws Exception {
        cloud = new SimulatedCloud(SyntheticCloud.generate(new SyntheticCloudSpec(3, 2, 7, 1, 20, 1.0, 0.5, 0.0, 0.0,
                0.0)), new SimulatedTimings(CostParameters.DEFAULTS, 0.001));
        server = SimulatedCloudServer.start(cloud, new InetSocketAddress("127.0.0.1", 0));
        remote = new RemoteSimulatedCloud(server.uri());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theSnapshotArrivesAsTheCloudHasItWithTheDisabledReason() {
        remote.disableHost("compute-00001", "molt campaign 42");

        CloudSnapshot local = cloud.snapshot();
        CloudSnapshot read = remote.snapshot();

        assertThat(read.hosts()).isEqualTo(local.hosts());
        assertThat(read.vms()).isEqualTo(local.vms());
        assertThat(read.serverGroups()).isEqualTo(local.serverGroups());
        assertThat(read.hosts()).filteredOn(h -> h.name().equals("compute-00001")).singleElement()
                .satisfies(h -> assertThat(h.enabled()).isFalse())
                .extracting(Host::disabledReason).isEqualTo("molt campaign 42");
    }

    @Test
    void aLiveMigrationIsFollowedToItsEndAndMovesTheVm() {
        Vm vm = cloud.snapshot().vms().get(0);
        String destination = cloud.snapshot().hosts().stream().map(Host::name).filter(h -> !h.equals(vm.host()))
                .findFirst().orElseThrow();

        LiveMigration started = remote.liveMigrate(vm.uuid(), Optional.of(destination)).orElseThrow();
        List<LiveMigration> seen = new ArrayList<>();
        LiveMigration ended = remote.awaitMigration(vm.uuid(), started.id(), Duration.ofSeconds(30), seen::add);

        assertThat(ended.status()).isEqualTo(LiveMigration.Status.COMPLETED);
        assertThat(seen).last().isEqualTo(ended);
        assertThat(cloud.find(vm.uuid())).get().extracting(Vm::host).isEqualTo(destination);
        assertThat(remote.liveMigrate(vm.uuid(), Optional.of(destination))).as("already there").isEmpty();
        assertThat(cloud.migrationsStarted(vm.uuid())).isEqualTo(1);
    }

    @Test
    void theCloudsRefusalsArriveAsTheSameKinds() {
        Vm vm = cloud.snapshot().vms().get(0);
        remote.stopServer(vm.uuid());
        assertThat(cloud.find(vm.uuid())).get().extracting(Vm::state).isEqualTo(VmState.SHUTOFF);

        assertThatThrownBy(() -> remote.liveMigrate(vm.uuid(), Optional.empty()))
                .isInstanceOf(CloudException.Conflict.class).hasMessageContaining("SHUTOFF")
                .extracting(e -> ((CloudException) e).httpStatus()).isEqualTo(409);
        assertThatThrownBy(() -> remote.enableHost("compute-99999")).isInstanceOf(CloudException.NotFound.class);
        remote.startServer(vm.uuid());
        cloud.snapshot().hosts().forEach(h -> remote.disableHost(h.name(), "full"));
        assertThatThrownBy(() -> remote.liveMigrate(vm.uuid(), Optional.empty()))
                .isInstanceOf(CloudException.NoValidHost.class);
    }

    @Test
    void aCloudThatDoesNotAnswerIsTransient() {
        server.close();

        assertThatThrownBy(() -> new RemoteSimulatedCloud(URI.create(server.uri().toString())).snapshot())
                .isInstanceOf(CloudException.Transient.class).hasMessageContaining("did not answer snapshot");
    }
}
