package io.molt.service.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where the credentials come from: OS_* variables, a clouds.yaml cloud (with secure.yaml), the flags. */
class ConnectionOptionsTest {

    @TempDir
    Path home;

    @Test
    void osVariablesGiveAPasswordSignInWithItsProjectAndRegion() {
        OsCredentials c = options(Map.of("OS_AUTH_URL", "http://keystone:5000/v3", "OS_USERNAME", "alice",
                "OS_PASSWORD", "s3cret", "OS_PROJECT_NAME", "ops", "OS_REGION_NAME", "RegionTwo")).credentials();

        assertThat(c.usesPassword()).isTrue();
        assertThat(c.projectName()).isEqualTo("ops");
        assertThat(c.region()).isEqualTo("RegionTwo");
        assertThat(c.userDomainOrDefault()).isEqualTo("Default");
        assertThat(c.toString()).doesNotContain("s3cret");
    }

    @Test
    void aCloudOfCloudsYamlWithItsSecureYamlAndARegionFlagOverridingIt() throws Exception {
        Path config = Files.createDirectories(home.resolve(".config/openstack"));
        Files.writeString(config.resolve("clouds.yaml"), """
                clouds:
                  prod:
                    auth:
                      auth_url: http://keystone.prod:5000
                      application_credential_id: 0123abcd
                    region_name: RegionOne
                    interface: internal
                """);
        Files.writeString(config.resolve("secure.yaml"), """
                clouds:
                  prod:
                    auth:
                      application_credential_secret: from-secure-yaml
                """);
        ConnectionOptions options = options(Map.of("OS_USERNAME", "ignored-with-a-cloud"));
        new CommandLine(options).parseArgs("--os-cloud", "prod", "--os-region-name", "RegionTwo");

        OsCredentials c = options.credentials();

        assertThat(c.authUrl()).isEqualTo("http://keystone.prod:5000");
        assertThat(c.usesApplicationCredential()).isTrue();
        assertThat(c.applicationCredentialSecret()).isEqualTo("from-secure-yaml");
        assertThat(c.username()).isNull();
        assertThat(c.region()).isEqualTo("RegionTwo");
        assertThat(c.interfaceOrPublic()).isEqualTo("internal");
    }

    @Test
    void anUnknownCloudNamesTheFilesLookedIn() {
        ConnectionOptions options = options(Map.of("OS_CLOUD", "nowhere"));

        assertThatThrownBy(options::credentials).isInstanceOf(CliFailure.class)
                .hasMessageContaining("no cloud \"nowhere\" in any clouds.yaml")
                .hasMessageContaining(home.resolve(".config/openstack/clouds.yaml").toString())
                .extracting(e -> ((CliFailure) e).exitCode()).isEqualTo(ExitCodes.AUTH);
    }

    @Test
    void theSearchPathIsOpenstacksdks() {
        assertThat(CloudsYaml.searchPath(Map.of("OS_CLIENT_CONFIG_FILE", "/srv/clouds.yaml"), Path.of("/work"), home))
                .containsExactly(Path.of("/srv/clouds.yaml"), Path.of("/work/clouds.yaml"),
                        home.resolve(".config/openstack/clouds.yaml"), Path.of("/etc/openstack/clouds.yaml"));
    }

    private ConnectionOptions options(Map<String, String> env) {
        return new ConnectionOptions(env, home);
    }
}
