package io.molt.service.adapter.simulation;

import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.HostCapabilities;
import io.molt.service.domain.cloud.Resources;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmPolicy;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.CostParameters;
import io.molt.service.domain.port.ComputeCloud;
import io.molt.service.domain.port.ComputeCloudContract;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@link ComputeCloudContract} on the simulated cloud: three hosts, servers made ACTIVE on the first beforehand. */
class SimulatedComputeCloudTest extends ComputeCloudContract {

    private static final HostCapabilities CAPS = new HostCapabilities(true, false, 0, true, "7.2", "9.0", 0);

    private final List<Vm> servers = new ArrayList<>();
    private final SimulatedCloud cloud;
    private final Iterator<Vm> unused;

    SimulatedComputeCloudTest() {
        for (int i = 0; i < 3; i++) {
            servers.add(new Vm(UUID.randomUUID().toString(), "vm-" + i, "p", "sim-a", new Resources(1, 512, 0),
                    VmState.ACTIVE, true, false, VmPolicy.ANY, null, null, 1.0, Map.of(), "RUNNING", null));
        }
        cloud = new SimulatedCloud(new CloudSnapshot(Instant.now(), List.of(host("sim-a"), host("sim-b"),
                host("sim-c")), servers, List.of()), new SimulatedTimings(CostParameters.DEFAULTS, 0.001));
        unused = servers.iterator();
    }

    @Override
    protected ComputeCloud cloud() {
        return cloud;
    }

    @Override
    protected String source() {
        return "sim-a";
    }

    @Override
    protected String destination() {
        return "sim-b";
    }

    @Override
    protected String bootServer() {
        return unused.next().uuid();
    }

    private static Host host(String name) {
        return new Host(name, "az-1", Set.of(), new Resources(8, 16384, 100), Resources.ZERO, true, true, "1", CAPS);
    }
}
