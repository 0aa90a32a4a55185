package io.molt.service.adapter.nova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.service.domain.cloud.CloudException;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stop, start and delete, each repeated to show that repeating is harmless. */
class NovaServerActionsIT {

    private final DevCloud devCloud = DevCloud.connect();
    private final NovaComputeCloud cloud = devCloud.cloud();
    private final String prefix = DevCloud.uniquePrefix("actions");
    private final List<String> servers = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        devCloud.deleteServers(servers, cloud);
    }

    @Test
    void stopStartRoundTripThenDelete() {
        String server = devCloud.createServer(prefix + "a", "m1.nano", "compute-2", null, Map.of());
        servers.add(server);
        devCloud.awaitActive(List.of(server), Duration.ofSeconds(90));

        cloud.stopServer(server);
        cloud.stopServer(server);
        Vm stopped = vm(server);
        assertThat(stopped.state()).isEqualTo(VmState.SHUTOFF);
        assertThat(stopped.powerState()).isEqualTo("SHUTDOWN");

        cloud.startServer(server);
        cloud.startServer(server);
        Vm started = vm(server);
        assertThat(started.state()).isEqualTo(VmState.ACTIVE);
        assertThat(started.powerState()).isEqualTo("RUNNING");
        assertThat(started.host()).isEqualTo("compute-2");

        cloud.deleteServer(server);
        cloud.deleteServer(server);
        assertThat(cloud.snapshot().vms()).extracting(Vm::uuid).doesNotContain(server);
    }

    @Test
    void actionsOnAServerThatDoesNotExistAreTyped() {
        String missing = UUID.randomUUID().toString();
        assertThatThrownBy(() -> cloud.stopServer(missing)).isInstanceOf(CloudException.NotFound.class);
        assertThatThrownBy(() -> cloud.liveMigrate(missing, java.util.Optional.empty()))
                .isInstanceOf(CloudException.NotFound.class);
        cloud.deleteServer(missing);  // gone already: nothing to do
    }

    private Vm vm(String uuid) {
        return cloud.snapshot().vms().stream().filter(v -> v.uuid().equals(uuid)).findFirst().orElseThrow();
    }
}
