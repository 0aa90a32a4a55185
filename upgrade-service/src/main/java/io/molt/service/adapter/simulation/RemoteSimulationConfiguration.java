package io.molt.service.adapter.simulation;

import io.molt.service.domain.port.ComputeCloud;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code molt.simulation.cloud-url} set (and {@code molt.simulation.enabled=false}): the cloud is the
 * simulated cloud another process serves ({@link SimulatedCloudServer}); agents are reached through the broker
 * as real ones. Not with {@code molt.nova.enabled=true}: the service has one cloud.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${molt.simulation.cloud-url:}'.isBlank() and !${molt.simulation.enabled:false}")
class RemoteSimulationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RemoteSimulationConfiguration.class);

    @Bean
    ComputeCloud remoteSimulatedCloud(SimulationProperties properties) {
        log.warn("SIMULATED CLOUD served at {}: no OpenStack is touched", properties.cloudUrl());
        return new RemoteSimulatedCloud(URI.create(properties.cloudUrl()));
    }
}
