package io.molt.service.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the admin API ({@code molt.auth.*}); documented in docs/configuration.md.
 *
 * @param mode        {@code keystone} (default): every {@code /v1} request needs a valid {@code X-Auth-Token};
 *                    {@code noauth}: anyone may call the API (only for the embedded demo)
 * @param keystoneUrl Keystone's public endpoint, e.g. {@code http://controller:5000} (required for keystone)
 * @param adminRole   the role a token must carry (the policy setting)
 * @param cacheTtl    a validated token is trusted this long (never past its expiry)
 */
@ConfigurationProperties("molt.auth")
public record AuthProperties(
        @DefaultValue("keystone") String mode,
        @DefaultValue("") String keystoneUrl,
        @DefaultValue("admin") String adminRole,
        @DefaultValue("5m") Duration cacheTtl) {

    public AuthProperties {
        if (!mode.equals("keystone") && !mode.equals("noauth")) {
            throw new IllegalArgumentException("molt.auth.mode must be keystone or noauth, was '" + mode + "'");
        }
        if (mode.equals("keystone") && keystoneUrl.isBlank()) {
            throw new IllegalArgumentException("molt.auth.keystone-url is required with molt.auth.mode=keystone "
                    + "(e.g. http://controller:5000); molt.auth.mode=noauth is only for the embedded demo");
        }
    }

    public boolean noauth() {
        return mode.equals("noauth");
    }
}
