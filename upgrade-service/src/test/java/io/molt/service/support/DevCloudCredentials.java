package io.molt.service.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The dev cloud's admin credentials (the {@code OS_*} variables of the file written by dev/devcloud/up:
 * {@code MOLT_DEVCLOUD_RC}, default /var/lib/molt-devcloud/admin-openrc). A missing file fails the test with
 * what to do: never a silent skip.
 */
public final class DevCloudCredentials {

    private DevCloudCredentials() {
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
