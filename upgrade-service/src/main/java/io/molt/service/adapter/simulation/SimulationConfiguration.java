package io.molt.service.adapter.simulation;

import io.molt.protocol.ProtocolViolation;
import io.molt.service.application.AgentReportHandler;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import io.molt.service.domain.plan.CostParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code molt.simulation.enabled=true}: a simulated Nova and simulated agents instead of the real
 * ones. Agent reports go through {@link AgentReportHandler}, like reports from the broker.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "molt.simulation", name = "enabled", havingValue = "true")
class SimulationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SimulationConfiguration.class);

    @Bean
    SimulatedTimings simulatedTimings(SimulationProperties properties) {
        return new SimulatedTimings(CostParameters.DEFAULTS, properties.timeScale());
    }

    /**
     * The cloud to simulate: a {@link CloudSnapshot} bean when one was registered (the demo registers the
     * cloud it generated), else a small uniform cloud from {@code molt.simulation.*}.
     */
    @Bean
    SimulatedCloud simulatedCloud(SimulationProperties p, SimulatedTimings timings,
            ObjectProvider<CloudSnapshot> given) {
        CloudSnapshot initial = given.getIfAvailable(() -> SyntheticCloud.generate(new SyntheticCloudSpec(p.hosts(),
                p.vmsPerHost(), p.seed(), 1, 20, 1.0, 0.5, 0.0, 0.0, 0.0)));
        log.warn("SIMULATED CLOUD: {} hosts, {} VMs, time scale {}: no OpenStack is touched", initial.hosts().size(),
                initial.vms().size(), p.timeScale());
        return new SimulatedCloud(initial, timings);
    }

    @Bean(destroyMethod = "close")
    SimulatedAgents simulatedAgents(SimulatedCloud cloud, SimulatedTimings timings, SimulationProperties p,
            AgentReportHandler handler) {
        // an agent only where the simulated cloud has one: a host generated without (bench campaign's clouds) is
        // observed without, as bench plan sees it, and its VMs cannot be suspended or preserved there
        return new SimulatedAgents(cloud, timings, cloud.snapshot().hosts().stream()
                .filter(h -> h.capabilities().agentOnline()).map(Host::name).toList(),
                p.upgradedVersion(), report -> {
                    try {
                        handler.handle(report);
                    } catch (ProtocolViolation e) {
                        throw new IllegalStateException(e);
                    }
                }).start(p.heartbeat());
    }
}
