package io.molt.service.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The dev cloud's admin credentials (the {@code OS_*} variables of the file written by dev/devcloud/up:
 * {@code MOLT_DEVCLOUD_RC}, default /var/lib/molt-devcloud/admin-openrc). A missing file fails the test with
 * what to do: never a silent skip.
 */
public final class DevCloudCredentials {

    private DevCloudCredentials() {
    }

    /** Points the service's Nova adapter at the dev cloud, with these credentials. */
    public static void registerNova(DynamicPropertyRegistry registry) {
        Map<String, String> rc = load();
        registry.add("molt.nova.enabled", () -> "true");
        registry.add("molt.nova.auth-url", () -> rc.get("OS_AUTH_URL"));
        registry.add("molt.nova.username", () -> rc.get("OS_USERNAME"));
        registry.add("molt.nova.password", () -> rc.get("OS_PASSWORD"));
        registry.add("molt.nova.project-name", () -> rc.get("OS_PROJECT_NAME"));
        registry.add("molt.nova.user-domain-name", () -> rc.getOrDefault("OS_USER_DOMAIN_NAME", "Default"));
        registry.add("molt.nova.project-domain-name", () -> rc.getOrDefault("OS_PROJECT_DOMAIN_NAME", "Default"));
        if (rc.get("OS_REGION_NAME") != null) {
            registry.add("molt.nova.region", () -> rc.get("OS_REGION_NAME"));
        }
    }

    public static Map<String, String> load() {
        String configured = System.getenv("MOLT_DEVCLOUD_RC");
        Path file = configured == null || configured.isBlank()
                ? Path.of("/var/lib/molt-devcloud/admin-openrc") : Path.of(configured);
        if (!Files.isRegularFile(file)) {
            fail("No dev cloud credentials at " + file + ": run dev/devcloud/up first (see docs/devcloud.md)");
        }
        Map<String, String> rc = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.strip();
                if (trimmed.startsWith("export ") && trimmed.contains("=")) {
                    String kv = trimmed.substring("export ".length());
                    rc.put(kv.substring(0, kv.indexOf('=')),
                            kv.substring(kv.indexOf('=') + 1).replaceAll("^['\"]|['\"]$", ""));
                }
            }
        } catch (IOException e) {
            fail("cannot read " + file + ": " + e.getMessage());
        }
        return rc;
    }
}
