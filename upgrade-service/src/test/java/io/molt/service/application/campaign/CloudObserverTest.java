package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.protocol.KernelBoot;
import io.molt.service.adapter.memory.InMemoryAgents;
import io.molt.service.adapter.memory.InMemoryKernelBoots;
import io.molt.service.adapter.simulation.SimulatedCloud;
import io.molt.service.adapter.simulation.SimulatedTimings;
import io.molt.service.domain.agent.AgentRecord;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.MeasuredKexec;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import io.molt.service.domain.plan.CostParameters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The observed cloud is the cloud's own snapshot with each online agent's capabilities: what the agent does
 * not report (its disk's write rate, which the simulated cloud's generated hosts carry) is kept from the
 * cloud's snapshot, so that the service plans the cloud that {@code molt bench plan} plans.
 */
class CloudObserverTest {

    private static final Instant NOW = Instant.parse("2026-12-03T00:00:00Z");

    @Test
    void aHostsDiskWriteRateFromTheCloudsSnapshotIsKeptWhenItsAgentIsOnline() {
        CloudSnapshot generated = SyntheticCloud.generate(SyntheticCloudSpec.of(40, 2, 7));
        Host fast = generated.hosts().stream().filter(h -> h.capabilities().diskWriteMibPerSec() > 0).findFirst()
                .orElseThrow();
        SimulatedCloud cloud = new SimulatedCloud(generated, new SimulatedTimings(CostParameters.DEFAULTS, 1e-5));
        InMemoryAgents agents = new InMemoryAgents();
        agents.save(new AgentRecord(fast.name(), "test", 1,
                new io.molt.protocol.HostCapabilities("simulated://", true, "9.0.0", "7.2.0", true,
                        fast.capabilities().preservedMemoryMib() << 20, true, 1L << 30, 4), NOW, NOW, NOW));

        InMemoryKernelBoots kernelBoots = new InMemoryKernelBoots();
        kernelBoots.record(fast.name(), "restore-1", new KernelBoot("Linux version 6.12", 8000, 700L), NOW);

        CloudSnapshot observed = new CloudObserver(cloud, agents, kernelBoots, Duration.ofSeconds(30),
                Clock.fixed(NOW, ZoneOffset.UTC)).snapshot();

        Host seen = observed.hosts().stream().filter(h -> h.name().equals(fast.name())).findFirst().orElseThrow();
        assertThat(seen.capabilities().agentOnline()).isTrue();
        assertThat(seen.capabilities().diskWriteMibPerSec()).isEqualTo(fast.capabilities().diskWriteMibPerSec());
        assertThat(seen.capabilities().guestsAtOnce()).isEqualTo(4);
        assertThat(seen.capabilities().measuredKexec()).isEqualTo(new MeasuredKexec(8.0, 0.7, 1));
    }
}
