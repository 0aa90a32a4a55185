package io.molt.service.adapter.simulation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The simulated cloud ({@code molt.simulation.*}): documented in docs/configuration.md.
 *
 * @param enabled          replace Nova and the broker's agents with the simulation
 * @param hosts            simulated compute hosts
 * @param vmsPerHost       VMs on each
 * @param seed             the same seed gives the same cloud
 * @param timeScale        simulated durations are the cost model's times this factor
 * @param heartbeat        heartbeat interval of the simulated agents
 * @param upgradedVersion  hypervisor version a host reports after its upgrade
 * @param cloudUrl         with {@code enabled=false}: the cloud is the simulated cloud another process serves
 *                         at this address ({@link SimulatedCloudServer}), and the agents are reached through the
 *                         broker as real ones; several replicas then share one simulated cloud (fault tests)
 */
@ConfigurationProperties("molt.simulation")
public record SimulationProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("4") int hosts,
        @DefaultValue("4") int vmsPerHost,
        @DefaultValue("1") long seed,
        @DefaultValue("0.01") double timeScale,
        @DefaultValue("1s") Duration heartbeat,
        @DefaultValue("9000000") String upgradedVersion,
        @DefaultValue("") String cloudUrl) {
}
