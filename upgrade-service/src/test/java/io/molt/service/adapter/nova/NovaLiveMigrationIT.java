package io.molt.service.adapter.nova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.molt.service.domain.cloud.CloudException;
import io.molt.service.domain.cloud.LiveMigration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live migrations on the dev cloud: one that Nova carries out, ones that Nova refuses (disabled
 * destination, older hypervisor, anti-affinity), and one that is aborted.
 */
class NovaLiveMigrationIT {

    private final DevCloud devCloud = DevCloud.connect();
    private final NovaComputeCloud cloud = devCloud.cloud();
    private final String prefix = DevCloud.uniquePrefix("migrate");
    private final List<String> servers = new ArrayList<>();
    private final List<String> groups = new ArrayList<>();
    private final List<Runnable> restore = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        restore.forEach(Runnable::run);
        devCloud.deleteServers(servers, cloud);
        groups.forEach(devCloud::deleteGroup);
    }

    @Test
    void serverLeavesDisabledHostForTheAskedHostAndTheMigrationCompletes() {
        String server = boot("a", "compute-1", null);
        disable("compute-1", "molt campaign " + prefix);
        List<LiveMigration> seen = new ArrayList<>();

        LiveMigration started = cloud.liveMigrate(server, Optional.of("compute-2")).orElseThrow();
        LiveMigration ended = cloud.awaitMigration(server, started.id(), Duration.ofMinutes(2), seen::add);

        assertThat(started.sourceHost()).isEqualTo("compute-1");
        assertThat(ended.status()).isEqualTo(LiveMigration.Status.COMPLETED);
        assertThat(ended.destinationHost()).isEqualTo("compute-2");
        assertThat(seen).isNotEmpty().last().extracting(LiveMigration::status).isEqualTo(LiveMigration.Status.COMPLETED);
        assertActiveOn(server, "compute-2");
        assertThat(cloud.liveMigrate(server, Optional.of("compute-2"))).as("already there: nothing to do").isEmpty();
    }

    @Test
    void schedulerChoosesAHostWhenNoneIsGiven() {
        String server = boot("b", "compute-1", null);

        LiveMigration started = cloud.liveMigrate(server, Optional.empty()).orElseThrow();
        LiveMigration ended = cloud.awaitMigration(server, started.id(), Duration.ofMinutes(2), m -> { });

        assertThat(ended.status()).isEqualTo(LiveMigration.Status.COMPLETED);
        assertThat(ended.destinationHost()).isNotEqualTo("compute-1");
        assertActiveOn(server, ended.destinationHost());
    }

    @Test
    void migrationOntoDisabledHostIsRefusedAndServerStaysWhereItWas() {
        String server = boot("c", "compute-1", null);
        disable("compute-2", "molt campaign " + prefix);

        CloudException.NoValidHost refused = catchThrowableOfType(
                () -> cloud.liveMigrate(server, Optional.of("compute-2")), CloudException.NoValidHost.class);

        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).containsIgnoringCase("no valid host");
        assertActiveOn(server, "compute-1");
    }

    @Test
    void migrationOntoOlderHypervisorIsRefusedAndServerStaysWhereItWas() {
        String server = boot("d", "compute-3", null);
        DevCloud.script("hypervisor-version", "compute-4", "6.2.0");
        restore.add(() -> DevCloud.script("hypervisor-version", "compute-4", "7.2.0"));

        CloudException refused = catchThrowableOfType(
                () -> cloud.liveMigrate(server, Optional.of("compute-4")), CloudException.class);

        assertThat(refused).isInstanceOfAny(CloudException.NoValidHost.class, CloudException.Refused.class);
        assertThat(refused.getMessage()).isNotBlank();
        assertActiveOn(server, "compute-3");
    }

    @Test
    void migrationThatWouldBreakAntiAffinityIsRefused() {
        String group = devCloud.createGroup(prefix + "apart", "anti-affinity");
        groups.add(group);
        String first = boot("e1", "compute-1", group);
        boot("e2", "compute-2", group);

        CloudException.NoValidHost refused = catchThrowableOfType(
                () -> cloud.liveMigrate(first, Optional.of("compute-2")), CloudException.NoValidHost.class);

        assertThat(refused).isNotNull();
        assertActiveOn(first, "compute-1");
    }

    @Test
    void abortedMigrationEndsCancelledAndServerStays() {
        String server = boot("f", "compute-3", null);

        LiveMigration started = cloud.liveMigrate(server, Optional.of("compute-4")).orElseThrow();
        cloud.abortMigration(server, started.id());
        LiveMigration ended = cloud.awaitMigration(server, started.id(), Duration.ofMinutes(2), m -> { });

        assertThat(ended.status()).isEqualTo(LiveMigration.Status.CANCELLED);
        cloud.abortMigration(server, started.id());  // already cancelled: harmless
        assertActiveOn(server, "compute-3");
    }

    private String boot(String name, String host, String group) {
        String id = devCloud.createServer(prefix + name, "m1.nano", host, group, Map.of());
        servers.add(id);
        devCloud.awaitActive(List.of(id), Duration.ofSeconds(90));
        return id;
    }

    private void disable(String host, String reason) {
        cloud.disableHost(host, reason);
        restore.add(() -> cloud.enableHost(host));
    }

    private void assertActiveOn(String server, String host) {
        JsonNode s = devCloud.server(server);
        assertThat(s.path("OS-EXT-SRV-ATTR:host").asText()).isEqualTo(host);
        assertThat(s.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(s.path("OS-EXT-STS:task_state").isNull()).as("no task left running").isTrue();
    }
}
