package io.molt.service.cli.remote;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A cloud of {@code clouds.yaml}, looked for where openstacksdk looks: {@code OS_CLIENT_CONFIG_FILE}, then
 * ./clouds.yaml, ~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml (the first file that names the
 * cloud wins). A {@code secure.yaml} next to it adds its secrets. Reads {@code auth} (auth_url, username,
 * password, project_name/id, user/project domain name/id, application_credential_id/name/secret, token),
 * {@code region_name} and {@code interface}.
 */
final class CloudsYaml {

    private CloudsYaml() {
    }

    static List<Path> searchPath(Map<String, String> env, Path workingDirectory, Path home) {
        List<Path> files = new ArrayList<>();
        String configured = env.get("OS_CLIENT_CONFIG_FILE");
        if (configured != null && !configured.isBlank()) {
            files.add(Path.of(configured));
        }
        files.add(workingDirectory.resolve("clouds.yaml"));
        files.add(home.resolve(".config/openstack/clouds.yaml"));
        files.add(Path.of("/etc/openstack/clouds.yaml"));
        return files;
    }

    /** The named cloud's settings from the first file of {@code files} that has it. */
    static OsCredentials cloud(String name, List<Path> files) {
        for (Path file : files) {
            Map<String, Object> cloud = cloudIn(file, name);
            if (cloud != null) {
                Map<String, Object> secure = cloudIn(file.resolveSibling("secure.yaml"), name);
                OsCredentials settings = credentials(cloud);
                return secure == null ? settings : settings.overriddenBy(credentials(secure));
            }
        }
        throw new CliFailure(ExitCodes.AUTH, "no cloud \"" + name + "\" in any clouds.yaml (looked in " + files + ")");
    }

    private static Map<String, Object> cloudIn(Path file, String name) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            return map(map(document).get("clouds")).isEmpty() ? null : nullIfEmpty(map(map(map(document)
                    .get("clouds")).get(name)));
        } catch (IOException | RuntimeException e) {
            throw new CliFailure(ExitCodes.AUTH, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static OsCredentials credentials(Map<String, Object> cloud) {
        Map<String, Object> auth = map(cloud.get("auth"));
        return new OsCredentials(text(auth, "auth_url"), text(auth, "username"),
                either(auth, "user_domain_name", "user_domain_id"), text(auth, "password"), text(auth, "project_name"),
                text(auth, "project_id"), either(auth, "project_domain_name", "project_domain_id"),
                text(auth, "application_credential_id"), text(auth, "application_credential_name"),
                text(auth, "application_credential_secret"), text(auth, "token"), text(cloud, "region_name"),
                text(cloud, "interface"));
    }

    private static String either(Map<String, Object> map, String key, String other) {
        String value = text(map, key);
        return value != null ? value : text(map, other);
    }

    private static String text(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? null : value.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Map<String, Object> nullIfEmpty(Map<String, Object> map) {
        return map.isEmpty() ? null : map;
    }
}
