package io.molt.service.cli.remote;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the service is and who calls it, as the {@code openstack} CLI takes it: {@code OS_*} variables, or a
 * cloud of clouds.yaml ({@code --os-cloud} or {@code OS_CLOUD}); Molt's URL from the Keystone catalog
 * (service type {@value Keystone#SERVICE_TYPE}) unless {@code --os-endpoint} or {@code MOLT_URL} gives it.
 * With a URL and no credentials at all, requests go without a token (a service in noauth mode).
 */
public final class ConnectionOptions {

    @Option(names = "--os-cloud", paramLabel = "NAME", description = "a cloud of clouds.yaml (default: OS_CLOUD)")
    String cloud;

    @Option(names = "--os-endpoint", paramLabel = "URL",
            description = "Molt's URL, instead of the one in the Keystone catalog (default: MOLT_URL)")
    String endpoint;

    @Option(names = "--os-region-name", paramLabel = "REGION", description = "the catalog's region (default: "
            + "OS_REGION_NAME)")
    String region;

    @Option(names = "--os-interface", paramLabel = "INTERFACE",
            description = "public, internal or admin endpoint (default: OS_INTERFACE, else public)")
    String interfaceName;

    private final Map<String, String> env;
    private final Path home;

    public ConnectionOptions() {
        this(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    ConnectionOptions(Map<String, String> env, Path home) {
        this.env = env;
        this.home = home;
    }

    /** The credentials these options and the environment give. */
    OsCredentials credentials() {
        String name = cloud != null ? cloud : env.get("OS_CLOUD");
        OsCredentials base = name == null || name.isBlank() ? OsCredentials.fromEnvironment(env)
                : CloudsYaml.cloud(name, CloudsYaml.searchPath(env, Path.of("").toAbsolutePath(), home));
        return base.overriddenBy(new OsCredentials(null, null, null, null, null, null, null, null, null, null, null,
                region, interfaceName));
    }

    /** Signs in (if there are credentials) and returns the API at the endpoint found or given. */
    public MoltApi connect() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String given = endpoint != null ? endpoint : blankToNull(env.get("MOLT_URL"));
        OsCredentials credentials = credentials();
        boolean signIn = credentials.authUrl() != null || credentials.usesPassword()
                || credentials.usesApplicationCredential();
        if (given != null && !signIn) {
            return new MoltApi(http, given, credentials.token());
        }
        Keystone.Session session = new Keystone(http).signIn(credentials);
        String url = given != null ? given
                : Keystone.endpoint(session.catalog(), credentials.interfaceOrPublic(), credentials.region());
        return new MoltApi(http, url, session.token());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
