package io.molt.service.adapter.nova;

import io.molt.service.domain.port.ComputeCloud;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Creates the Nova adapter when {@code molt.nova.enabled=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "molt.nova", name = "enabled", havingValue = "true")
class NovaConfiguration {

    @Bean
    ComputeCloud novaComputeCloud(NovaProperties properties) {
        return new NovaComputeCloud(properties);
    }
}
