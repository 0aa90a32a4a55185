package io.molt.service.settings;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the service ({@code molt.auth.*}); documented in docs/configuration.md and docs/security.md.
 *
 * @param mode        {@code keystone} (default): every request but a GET of a public path needs a valid
 *                    {@code X-Auth-Token}; {@code noauth}: anyone may call the API (only for the embedded demo)
 * @param keystoneUrl Keystone's public endpoint, e.g. {@code http://controller:5000} (required for keystone)
 * @param adminRole   the role that may do anything (the default policy's {@code admin} rule)
 * @param readerRole  the role that may list and show (the default policy's {@code reader} rule)
 * @param approverRole the role that approves campaigns (the {@code approver} rule); empty: admins approve
 * @param policyFile  a YAML or JSON file of policy rules over the defaults, as oslo.policy's policy.yaml;
 *                    empty: the defaults alone
 * @param cacheTtl    a validated token is trusted this long (never past its expiry)
 * @param publicPaths the exact paths anyone may GET without a token: the health probes and the OpenAPI
 *                    document by default; no patterns
 */
@ConfigurationProperties("molt.auth")
public record AuthProperties(
        @DefaultValue("keystone") String mode,
        @DefaultValue("") String keystoneUrl,
        @DefaultValue("admin") String adminRole,
        @DefaultValue("reader") String readerRole,
        @DefaultValue("") String approverRole,
        @DefaultValue("") String policyFile,
        @DefaultValue("5m") Duration cacheTtl,
        @DefaultValue({"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
                "/openapi.json"}) List<String> publicPaths) {

    /** A literal absolute path: segments of letters, digits and {@code - _ .}, no pattern, no trailing slash. */
    private static final Pattern EXACT_PATH = Pattern.compile("(/[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]*)+");

    public AuthProperties {
        if (!mode.equals("keystone") && !mode.equals("noauth")) {
            throw new IllegalArgumentException("molt.auth.mode must be keystone or noauth, was '" + mode + "'");
        }
        if (mode.equals("keystone") && keystoneUrl.isBlank()) {
            throw new IllegalArgumentException("molt.auth.keystone-url is required with molt.auth.mode=keystone "
                    + "(e.g. http://controller:5000); molt.auth.mode=noauth is only for the embedded demo");
        }
        for (String path : publicPaths) {
            if (!EXACT_PATH.matcher(path).matches() || path.contains("/..") || path.contains("/./")) {
                throw new IllegalArgumentException("molt.auth.public-paths takes exact paths such as "
                        + "/actuator/health/readiness (letters, digits, '-', '_', '.'; no pattern, no trailing "
                        + "slash), not '" + path + "'");
            }
        }
        for (String role : List.of(adminRole, readerRole)) {
            if (role.isBlank() || role.contains(" ")) {
                throw new IllegalArgumentException("molt.auth.admin-role and molt.auth.reader-role name a Keystone "
                        + "role (no spaces), not '" + role + "'");
            }
        }
        if (approverRole.contains(" ")) {
            throw new IllegalArgumentException("molt.auth.approver-role names a Keystone role (no spaces), not '"
                    + approverRole + "'");
        }
        publicPaths = List.copyOf(publicPaths);
    }

    public boolean noauth() {
        return mode.equals("noauth");
    }
}
