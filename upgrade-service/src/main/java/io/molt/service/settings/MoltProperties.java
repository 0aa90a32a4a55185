package io.molt.service.settings;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Molt's own settings ({@code molt.*}); every key is documented in docs/configuration.md. PostgreSQL
 * and RabbitMQ are configured through Spring Boot's {@code spring.datasource.*} and
 * {@code spring.rabbitmq.*}, defaulting to 127.0.0.1.
 */
@Validated
@ConfigurationProperties("molt")
public record MoltProperties(@Valid @NotNull Amqp amqp, @Valid @NotNull Agents agents) {

    public MoltProperties {
        amqp = amqp == null ? new Amqp("molt", "") : amqp;
        agents = agents == null ? new Agents(Duration.ofSeconds(30)) : agents;
    }

    /**
     * @param prefix            prefix of every exchange and queue Molt declares (default {@code molt})
     * @param agentUserPattern  if set, a report must carry the AMQP {@code user_id} this pattern gives
     *                          for its host, e.g. {@code molt-agent-{host}} (RabbitMQ guarantees that
     *                          {@code user_id} is the publishing connection's user); empty: not checked
     */
    public record Amqp(
            @DefaultValue("molt") @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,63}",
                    message = "must be 1-64 lower-case letters, digits, '-' or '_'") String prefix,
            @DefaultValue("") String agentUserPattern) {
    }

    /**
     * @param offlineAfter an agent with no heartbeat for this long is shown offline (default 30 s;
     *                     keep it a few heartbeat intervals; at least 1 s)
     */
    public record Agents(@DefaultValue("30s") @DurationUnit(java.time.temporal.ChronoUnit.SECONDS)
                         @NotNull Duration offlineAfter) {

        public Agents {
            if (offlineAfter != null && offlineAfter.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("molt.agents.offline-after must be at least 1s, was " + offlineAfter);
            }
        }
    }
}
