package io.molt.service.application.campaign;

import io.molt.service.domain.agent.AgentRecord;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.HostCapabilities;
import io.molt.service.domain.cloud.MeasuredKexec;
import io.molt.service.domain.port.Agents;
import io.molt.service.domain.port.ComputeCloud;
import io.molt.service.domain.port.KernelBoots;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The cloud as Nova shows it, with each host's capabilities as its agent reported them (if online) and the kernel
 * upgrades its agent measured ({@link KernelBoots}).
 */
public final class CloudObserver {

    private final ComputeCloud cloud;
    private final Agents agents;
    private final KernelBoots kernelBoots;
    private final Duration offlineAfter;
    private final Clock clock;

    public CloudObserver(ComputeCloud cloud, Agents agents, KernelBoots kernelBoots, Duration offlineAfter,
            Clock clock) {
        this.cloud = cloud;
        this.agents = agents;
        this.kernelBoots = kernelBoots;
        this.offlineAfter = offlineAfter;
        this.clock = clock;
    }

    public CloudSnapshot snapshot() {
        CloudSnapshot raw = cloud.snapshot();
        Instant now = clock.instant();
        Map<String, AgentRecord> byHost = agents.all().stream()
                .collect(Collectors.toMap(AgentRecord::host, Function.identity()));
        Map<String, MeasuredKexec> measured = kernelBoots.measured();
        return new CloudSnapshot(raw.takenAt(), raw.hosts().stream()
                .map(h -> withAgent(h, byHost.get(h.name()), measured.get(h.name()), now)).toList(), raw.vms(),
                raw.serverGroups());
    }

    /** Whether the host's agent carries out commands of this type, as far as it said ({@link AgentRecord#carriesOut}). */
    public boolean agentCarriesOut(String host, io.molt.protocol.MessageType type) {
        return agents.find(host).map(a -> a.carriesOut(type)).orElse(true);
    }

    /** The protocol version the host's agent said hello in, 0 when it has not. */
    public int agentProtocol(String host) {
        return agents.find(host).map(AgentRecord::protocolVersion).orElse(0);
    }

    public boolean agentOnline(String host) {
        return agents.find(host).map(a -> a.isOnline(clock.instant(), offlineAfter)).orElse(false);
    }

    private Host withAgent(Host host, AgentRecord agent, MeasuredKexec measured, Instant now) {
        if (agent == null || !agent.isOnline(now, offlineAfter)) {
            return host;
        }
        io.molt.protocol.HostCapabilities c = agent.capabilities();
        // the agents do not report a disk write rate (yet); keep the one the cloud's own snapshot has (the
        // simulated cloud's generated hosts; Nova's hosts have none, so 0: the cost model's default)
        HostCapabilities caps = new HostCapabilities(true, c.fileBackedMemory(), c.preservedMemoryBytes() >> 20,
                c.kexecAvailable(), c.qemuVersion(), c.libvirtVersion(), host.capabilities().diskWriteMibPerSec(),
                c.guestsAtOnce(), measured);
        return new Host(host.name(), host.availabilityZone(), host.aggregates(), host.capacity(), host.used(),
                host.enabled(), host.up(), host.hypervisorVersion(), caps, host.disabledReason());
    }
}
