package io.molt.service.adapter.nova;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Molt reaches Nova ({@code molt.nova.*}); every key is documented in docs/nova-integration.md.
 *
 * @param enabled                     use the Nova adapter (default false: no Nova bean is created)
 * @param authUrl                     Keystone v3 URL, e.g. {@code http://keystone:5000/v3}
 * @param region                      region of the compute endpoint; null takes the catalog's first
 * @param endpointInterface           catalog interface: public, internal or admin (default public)
 * @param username                    Keystone user (password authentication)
 * @param password                    its password
 * @param userDomainName              the user's domain (default {@code Default})
 * @param projectName                 project to scope to; needs the admin role
 * @param projectDomainName           the project's domain (default {@code Default})
 * @param applicationCredentialId     application credential id (instead of user and password)
 * @param applicationCredentialSecret its secret
 * @param connectTimeout              TCP connect timeout (default 5 s, 100 ms..5 min)
 * @param readTimeout                 time to wait for an answer (default 60 s, 1 s..10 min)
 * @param retry                       retries of transient failures
 * @param pollInterval                how often a migration or a server's state is read while waiting
 *                                    (default 1 s, 50 ms..1 min)
 * @param actionTimeout               how long stop, start and delete wait for their end state
 *                                    (default 5 min, 1 s..1 h)
 * @param computeEndpoint             the compute API to call instead of the catalog's compute endpoint, e.g.
 *                                    {@code http://nova-proxy:8774/v2.1} (keystoneauth's endpoint_override); null:
 *                                    the catalog's
 */
@Validated
@ConfigurationProperties("molt.nova")
public record NovaProperties(
        @DefaultValue("false") boolean enabled,
        URI authUrl,
        String region,
        @DefaultValue("public") @Pattern(regexp = "public|internal|admin") String endpointInterface,
        String username,
        String password,
        @DefaultValue("Default") String userDomainName,
        String projectName,
        @DefaultValue("Default") String projectDomainName,
        String applicationCredentialId,
        String applicationCredentialSecret,
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("60s") @NotNull Duration readTimeout,
        @DefaultValue @Valid @NotNull Retry retry,
        @DefaultValue("1s") @NotNull Duration pollInterval,
        @DefaultValue("5m") @NotNull Duration actionTimeout,
        URI computeEndpoint) {

    /**
     * Retries of transient failures (5xx, timeouts, refused connections), with exponential backoff.
     *
     * @param maxAttempts    attempts in all, the first included (default 6, 1..50)
     * @param initialBackoff wait before the second attempt (default 500 ms, 10 ms..1 min); doubles each time
     * @param maxBackoff     the longest wait between two attempts (default 10 s, up to 5 min)
     */
    public record Retry(
            @DefaultValue("6") @Min(1) @Max(50) int maxAttempts,
            @DefaultValue("500ms") @NotNull Duration initialBackoff,
            @DefaultValue("10s") @NotNull Duration maxBackoff) {

        @AssertTrue(message = "initial-backoff must be 10ms..1m and max-backoff between it and 5m")
        public boolean isBackoffInBounds() {
            return initialBackoff == null || maxBackoff == null
                    || within(initialBackoff, Duration.ofMillis(10), Duration.ofMinutes(1))
                    && within(maxBackoff, initialBackoff, Duration.ofMinutes(5));
        }
    }

    /** Password authentication is used when a username is set, else the application credential. */
    public boolean usesApplicationCredential() {
        return username == null || username.isBlank();
    }

    @AssertTrue(message = "molt.nova.enabled needs auth-url and either username, password and project-name, "
            + "or application-credential-id and application-credential-secret")
    public boolean isAuthenticationComplete() {
        if (!enabled) {
            return true;
        }
        if (authUrl == null) {
            return false;
        }
        return usesApplicationCredential()
                ? present(applicationCredentialId) && present(applicationCredentialSecret)
                : present(password) && present(projectName);
    }

    @AssertTrue(message = "connect-timeout must be 100ms..5m, read-timeout 1s..10m, poll-interval 50ms..1m "
            + "and action-timeout 1s..1h")
    public boolean isTimingInBounds() {
        return connectTimeout == null || readTimeout == null || pollInterval == null || actionTimeout == null
                || within(connectTimeout, Duration.ofMillis(100), Duration.ofMinutes(5))
                && within(readTimeout, Duration.ofSeconds(1), Duration.ofMinutes(10))
                && within(pollInterval, Duration.ofMillis(50), Duration.ofMinutes(1))
                && within(actionTimeout, Duration.ofSeconds(1), Duration.ofHours(1));
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static boolean within(Duration value, Duration min, Duration max) {
        return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }
}
