package io.molt.service;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The upgrade service: admin API, agent registry, and (later) the campaign engine. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class UpgradeServiceApplication {
}
