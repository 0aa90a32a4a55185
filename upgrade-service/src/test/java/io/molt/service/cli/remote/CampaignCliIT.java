package io.molt.service.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.support.DevCloudKeystone;
import io.molt.service.support.ServiceTestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code molt campaign ...} and {@code molt agents list} as separate processes against a running service
 * (keystone mode, the dev cloud's real Keystone, the simulated cloud), signed in with OS_* variables, a
 * clouds.yaml and an application credential, the endpoint found in the catalog (dev/devcloud/up registers
 * {@value #PORT}). Checks output, exit codes, fault messages and that no secret is printed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "server.port=" + CampaignCliIT.PORT, "molt.simulation.enabled=true", "molt.simulation.time-scale=0.002",
        "molt.simulation.heartbeat=200ms", "molt.agents.offline-after=2s", "molt.engine.tick=50ms",
        "molt.engine.lease-ttl=2s"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CampaignCliIT {

    static final int PORT = 18779;

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("cli");
    private static final DevCloudKeystone keystone = DevCloudKeystone.connect();
    private static final String READER = "molt-it-cli-reader-" + UUID.randomUUID().toString().substring(0, 8);
    private static final ObjectMapper json = new ObjectMapper();

    private static String readerPassword;
    private static Map<String, String> applicationCredential;
    private static Path clouds;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
        registry.add("molt.auth.mode", () -> "keystone");
        registry.add("molt.auth.keystone-url", keystone::url);
    }

    @BeforeAll
    static void credentials() throws Exception {
        assertThat(keystone.publicEndpoint(Keystone.SERVICE_TYPE)).as("Molt in the dev cloud's catalog: run "
                + "dev/devcloud/up (it registers it; or dev/devcloud/bin/bootstrap molt ADMIN_PASSWORD -)")
                .isEqualTo("http://127.0.0.1:" + PORT);
        readerPassword = keystone.createUser(READER, "reader");
        applicationCredential = keystone.applicationCredential(keystone.adminUser(), keystone.adminPassword());
        clouds = Files.createTempFile("clouds", ".yaml");
        Files.writeString(clouds, """
                clouds:
                  devcloud-admin:
                    auth:
                      auth_url: %s
                      username: %s
                      password: %s
                      project_name: admin
                      user_domain_name: Default
                      project_domain_name: Default
                    region_name: RegionOne
                """.formatted(keystone.url(), keystone.adminUser(), keystone.adminPassword()));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        keystone.close();
        Files.deleteIfExists(clouds);
        env.close();
    }

    @Test
    void anOperatorCreatesPlansApprovesAndReadsACampaignFromTheCommandLine() throws Exception {
        waitForAgents();
        Map<String, String> cloud = Map.of("OS_CLIENT_CONFIG_FILE", clouds.toString());

        CliRun created = cli(cloud, "campaign", "create", "--os-cloud", "devcloud-admin", "--name", "qemu 9",
                "--hosts", "compute-00000,compute-00001", "--target", "USERSPACE", "--max-hosts-down", "1",
                "-f", "value", "-c", "id", "-c", "state", "--", "apt-get", "install", "-y", "qemu-system-x86");
        assertThat(created.exit()).as(created.toString()).isZero();
        String id = created.out().lines().findFirst().orElseThrow();
        assertThat(created.out()).as("a resource's values, one a line").isEqualTo(id + "\nPLANNED\n");

        CliRun shown = cli(cloud, "campaign", "show", id, "--os-cloud", "devcloud-admin", "-f", "json");
        JsonNode campaign = json.readTree(shown.out());
        assertThat(campaign.path("name").asText()).isEqualTo("qemu 9");
        assertThat(campaign.path("upgrade_command").toString()).isEqualTo("[\"apt-get\",\"install\",\"-y\","
                + "\"qemu-system-x86\"]");

        CliRun table = cli(adminEnv(), "campaign", "show", id);
        assertThat(table.out()).contains("| Field ").containsPattern("\\| state +\\| PLANNED +\\|");

        CliRun plan = cli(adminEnv(), "campaign", "plan", id);
        assertThat(plan.exit()).as(plan.toString()).isZero();
        assertThat(plan.out()).contains("| wave | host ").contains("compute-00000").containsPattern("PRESERVE|LIVE_MIGRATE");
        assertThat(json.readTree(cli(adminEnv(), "campaign", "plan", id, "-f", "json").out()).path("feasible")
                .asBoolean()).isTrue();

        CliRun approved = cli(applicationCredentialEnv(), "campaign", "approve", id, "--wait", "--timeout", "120",
                "--poll", "0.2", "-f", "value", "-c", "state");
        assertThat(approved.exit()).as(approved.toString()).isZero();
        assertThat(approved.out().strip()).isEqualTo("DONE");

        JsonNode events = json.readTree(cli(adminEnv(), "campaign", "events", id, "-f", "json").out());
        assertThat(events.get(0).path("type").asText()).isEqualTo("campaign.planned");
        assertThat(events.size()).isGreaterThan(10);
        assertThat(cli(adminEnv(), "campaign", "list", "-f", "yaml").out()).contains("- id: " + id)
                .contains("state: DONE");
        assertThat(cli(adminEnv(), "campaign", "hosts", id, "-f", "value", "-c", "state").out().strip())
                .isEqualTo("DONE\nDONE");

        CliRun again = cli(adminEnv(), "campaign", "approve", id);
        assertThat(again.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(again.err()).startsWith("molt: HTTP 409: campaign " + id).contains("is DONE and cannot become APPROVED")
                .contains("(request req-").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aReaderListsAgentsButIsRefusedAPauseWithTheServicesMessage() {
        waitForAgents();
        CliRun agents = cli(readerEnv(), "agents", "list");
        assertThat(agents.exit()).as(agents.toString()).isZero();
        assertThat(agents.out()).containsPattern("\\| host +\\| status +\\|").contains("compute-00003");

        CliRun pause = cli(readerEnv(), "campaign", "pause", UUID.randomUUID().toString());
        assertThat(pause.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(pause.err()).contains("HTTP 403").contains(READER + " may not pause a campaign");
        assertThat(pause.out()).isEmpty();
    }

    @Test
    void missingCredentialsBadCredentialsAndBadUsageHaveTheirOwnExitCodes() {
        CliRun none = cli(Map.of(), "campaign", "list");
        assertThat(none.exit()).as(none.toString()).isEqualTo(ExitCodes.AUTH);
        assertThat(none.err()).contains("no Keystone URL: set OS_AUTH_URL");

        Map<String, String> wrong = new HashMap<>(adminEnv());
        wrong.put("OS_PASSWORD", "not-the-password");
        CliRun refused = cli(wrong, "campaign", "list");
        assertThat(refused.exit()).isEqualTo(ExitCodes.AUTH);
        assertThat(refused.err()).contains("Keystone refused the credentials (HTTP 401)")
                .doesNotContain("not-the-password");

        CliRun usage = cli(adminEnv(), "campaign", "create", "--hosts", "compute-00000");
        assertThat(usage.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(usage.err()).contains("Missing required");

        CliRun column = cli(adminEnv(), "campaign", "list", "-c", "colour");
        assertThat(column.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(column.err()).contains("no column colour; the columns are [id, name, state, target, created_at]");
    }

    @Test
    void anEndpointGivenOnTheCommandLineIsUsedWithATokenAndNoKeystone() throws Exception {
        Map<String, String> token = Map.of("OS_TOKEN", keystone.adminToken());
        CliRun list = cli(token, "campaign", "list", "--os-endpoint", "http://127.0.0.1:" + PORT, "-f", "json");
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(json.readTree(list.out()).isArray()).isTrue();

        CliRun nowhere = cli(token, "campaign", "list", "--os-endpoint", "http://127.0.0.1:1");
        assertThat(nowhere.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(nowhere.err()).isEqualTo("molt: cannot reach Molt at http://127.0.0.1:1: connection refused\n");
    }

    @Test
    void abortWaitsForAbortedAndAPauseOfAnAbortedCampaignIsRefused() {
        waitForAgents();
        String id = cli(adminEnv(), "campaign", "create", "--hosts", "compute-00001", "--target", "KERNEL", "-f",
                "value", "-c", "id", "--", "true").out().strip();

        CliRun aborted = cli(adminEnv(), "campaign", "abort", id, "--wait", "--poll", "0.2", "-f", "value", "-c",
                "state");
        assertThat(aborted.exit()).as(aborted.toString()).isZero();
        assertThat(aborted.out()).isEqualTo("ABORTED\n");

        CliRun pause = cli(adminEnv(), "campaign", "pause", id, "--wait");
        assertThat(pause.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(pause.err()).contains("HTTP 409").contains("is ABORTED and cannot become PAUSED");
    }

    @Test
    void watchPrintsPlainStatusLinesWhenNotOnATerminal() {
        String id = createAndApprove("compute-00002,compute-00003");
        CliRun watch = cli(adminEnv(), "campaign", "watch", id, "--interval", "0.2");
        assertThat(watch.exit()).as(watch.toString()).isZero();
        assertThat(watch.out()).doesNotContain("\033[");
        assertThat(watch.out().lines().toList()).last().asString().contains("] DONE hosts 2/2 (DONE 2)");
        assertThat(watch.out()).contains("VMs preserved");
    }

    @Test
    void watchRedrawsItsViewInPlaceOnATerminal() throws Exception {
        waitForAgents();
        String id = cli(adminEnv(), "campaign", "create", "--hosts", "compute-00002,compute-00003", "--target",
                "USERSPACE", "-f", "value", "-c", "id", "--", "true").out().strip();
        Thread approver = new Thread(() -> {
            sleep(Duration.ofSeconds(4)); // the watch has drawn the PLANNED campaign a few times by then
            assertThat(cli(adminEnv(), "campaign", "approve", id).exit()).isZero();
        });
        approver.start();
        CliRun watch = CliRun.onTerminal(adminEnv(), "campaign", "watch", id, "--interval", "0.2");
        approver.join();
        assertThat(watch.exit()).as(watch.toString()).isZero();
        assertThat(watch.out()).contains("\033[1mcampaign " + id).contains("wave 1").contains("[\033[32m#")
                .contains("downtime so far").contains("busy hosts:");
        assertThat(watch.out()).as("moves the cursor up over the last view").containsPattern("\033\\[\\d+F\033\\[2K");
        assertThat(watch.out()).contains("\033[1;32mDONE\033[0m");
    }

    private static void sleep(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String createAndApprove(String hosts) {
        waitForAgents();
        CliRun created = cli(adminEnv(), "campaign", "create", "--hosts", hosts, "--target", "USERSPACE", "-f",
                "value", "-c", "id", "--", "true");
        assertThat(created.exit()).as(created.toString()).isZero();
        String id = created.out().strip();
        CliRun approved = cli(adminEnv(), "campaign", "approve", id);
        assertThat(approved.exit()).as(approved.toString()).isZero();
        return id;
    }

    private void waitForAgents() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                cli(adminEnv(), "agents", "list", "-f", "value", "-c", "status").out().lines()
                        .filter("ONLINE"::equalsIgnoreCase).count() == 4);
    }

    /** Runs molt and checks that nothing it printed holds a password, secret or token. */
    private static CliRun cli(Map<String, String> environment, String... args) {
        CliRun run = CliRun.of(environment, args);
        for (String secret : new String[] {keystone.adminPassword(), readerPassword, keystone.adminToken(),
            applicationCredential.get("secret")}) {
            assertThat(run.out() + run.err()).as("a secret printed by molt " + String.join(" ", args))
                    .doesNotContain(secret);
        }
        return run;
    }

    private static Map<String, String> adminEnv() {
        return Map.of("OS_AUTH_URL", keystone.url(), "OS_USERNAME", keystone.adminUser(), "OS_PASSWORD",
                keystone.adminPassword(), "OS_PROJECT_NAME", "admin", "OS_USER_DOMAIN_NAME", "Default",
                "OS_PROJECT_DOMAIN_NAME", "Default", "OS_REGION_NAME", "RegionOne");
    }

    private static Map<String, String> readerEnv() {
        return Map.of("OS_AUTH_URL", keystone.url(), "OS_USERNAME", READER, "OS_PASSWORD", readerPassword,
                "OS_PROJECT_NAME", "admin");
    }

    private static Map<String, String> applicationCredentialEnv() {
        return Map.of("OS_AUTH_URL", keystone.url(), "OS_APPLICATION_CREDENTIAL_ID", applicationCredential.get("id"),
                "OS_APPLICATION_CREDENTIAL_SECRET", applicationCredential.get("secret"));
    }
}
