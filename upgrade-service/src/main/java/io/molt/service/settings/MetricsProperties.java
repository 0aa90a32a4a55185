package io.molt.service.settings;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The campaign metrics ({@code molt.metrics.*}, docs/metrics.md); documented in docs/configuration.md.
 *
 * @param refresh how often the campaign gauges are read again from the database (default 5 s; at least 100 ms)
 */
@ConfigurationProperties("molt.metrics")
public record MetricsProperties(@DefaultValue("5s") Duration refresh) {

    public MetricsProperties {
        if (refresh.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("molt.metrics.refresh must be at least 100ms, was " + refresh);
        }
    }
}
