package io.molt.service.adapter.nova;

import io.molt.service.domain.port.ComputeCloud;
import io.molt.service.domain.port.ComputeCloudContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link ComputeCloudContract} on the dev cloud's Nova: servers of the test's own (m1.nano, booted on compute-3),
 * deleted afterwards; hosts are only read.
 */
class NovaComputeCloudContractIT extends ComputeCloudContract {

    private final DevCloud devCloud = DevCloud.connect();
    private final NovaComputeCloud cloud = devCloud.cloud();
    private final String prefix = DevCloud.uniquePrefix("contract");
    private final List<String> servers = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        devCloud.deleteServers(servers, cloud);
    }

    @Override
    protected ComputeCloud cloud() {
        return cloud;
    }

    @Override
    protected String source() {
        return "compute-3";
    }

    @Override
    protected String destination() {
        return "compute-4";
    }

    @Override
    protected String bootServer() {
        String server = devCloud.createServer(prefix + servers.size(), "m1.nano", source(), null, Map.of());
        servers.add(server);
        devCloud.awaitActive(List.of(server), Duration.ofSeconds(90));
        return server;
    }
}
