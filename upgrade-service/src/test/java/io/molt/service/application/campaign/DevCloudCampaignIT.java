package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.molt.service.adapter.nova.DevCloud;
import io.molt.service.adapter.nova.NovaComputeCloud;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.HostSelector;
import io.molt.service.domain.campaign.HostState;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.UpgradeTarget;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.domain.port.ComputeCloud;
import io.molt.service.support.AgentProcess;
import io.molt.service.support.DevCloudAgents;
import io.molt.service.support.DevCloudCredentials;
import io.molt.service.support.SecretScan;
import io.molt.service.support.ServiceTestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A campaign on the dev cloud (docs/devcloud.md): the engine on real Nova, the 4 fake compute hosts, four
 * real agent processes (libvirt {@code test:///default}) able to stop and start the host's real nova-compute,
 * and servers that are live-migrated by Nova out of each host before it is upgraded. Three of the servers are
 * in an anti-affinity group. With no guest left to keep, no host is asked to preserve or restore (and its
 * nova-compute keeps running). At the end every compute service is enabled and up, every server is ACTIVE
 * where the campaign put it, and no two members of the group share a host.
 */
@SpringBootTest(properties = {"molt.simulation.enabled=false", "molt.auth.mode=noauth",
        "molt.agents.offline-after=5s", "molt.engine.agent-step-timeout=3m",
        "logging.file.name=" + DevCloudCampaignIT.LOG_FILE})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DevCloudCampaignIT {

    /** The service writes its log here as well as to the console; the secrets scan reads the whole file. */
    static final String LOG_FILE = "target/it-logs/DevCloudCampaignIT-service.log";
    private static final Path SERVICE_LOG = freshServiceLog();

    private static final List<String> HOSTS = DevCloud.HOSTS;
    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("devcamp",
            HOSTS.toArray(String[]::new));
    private static final DevCloud devCloud = DevCloud.connect();
    private static final NovaComputeCloud nova = devCloud.cloud();
    private static final String prefix = DevCloud.uniquePrefix("campaign");
    private static final Map<String, String> bootedOn = new LinkedHashMap<>();  // server id -> host
    private static final Map<String, String> serverIds = new HashMap<>();  // short name -> server id
    private static final List<String> groups = new ArrayList<>();
    private static final List<AgentProcess> agents = new ArrayList<>();
    private static Path agentDir;

    @Autowired
    CampaignService service;
    @Autowired
    Campaigns campaigns;
    @Autowired
    CloudObserver observer;
    @Autowired
    ComputeCloud cloud;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
        DevCloudCredentials.registerNova(registry);
    }

    @BeforeAll
    static void bootServers() throws IOException {
        agentDir = Files.createTempDirectory("molt-devcamp-");
        // a1..a3 are anti-affine: Nova's ServerGroupAntiAffinityFilter refuses any move next to a peer, so each
        // host's moves must be chosen against where the peers are when the host starts
        String group = devCloud.createGroup(prefix + "spread", "anti-affinity");
        groups.add(group);
        boot("a1", "compute-1", group);
        boot("a2", "compute-2", group);
        boot("a3", "compute-3", group);
        boot("b1", "compute-1", null);
        boot("b2", "compute-2", null);
        boot("b4", "compute-4", null);
        devCloud.awaitActive(List.copyOf(bootedOn.keySet()), Duration.ofSeconds(120));
    }

    private static Path freshServiceLog() {
        try {
            Path log = Path.of(LOG_FILE);
            Files.createDirectories(log.getParent());
            Files.deleteIfExists(log);
            return log.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void cleanUp() {
        try {
            agents.forEach(AgentProcess::close);
            DevCloudAgents.restore(HOSTS, nova);
            devCloud.deleteServers(List.copyOf(bootedOn.keySet()), nova);
            groups.forEach(devCloud::deleteGroup);
        } finally {
            env.close();
            deleteTree(agentDir);
        }
    }

    @Test
    void campaignLiveMigratesTheServersOffEachHostAndEndsWithEveryHostEnabledAndEveryServerActive()
            throws IOException {
        // the agents start once the service listens: an agent says hello once, when it starts
        for (String host : HOSTS) {
            agents.add(DevCloudAgents.start(host, env, agentDir));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> HOSTS.stream().allMatch(observer::agentOnline));
        long started = System.nanoTime();
        Campaign campaign = service.create(new CampaignRequest(prefix + "upgrade",
                new HostSelector(HOSTS, null, null), UpgradeTarget.USERSPACE,
                new UpgradeSpec(List.of("/bin/true"), 60, null),
                CampaignOptions.builder().allowedActions(EnumSet.of(Action.LIVE_MIGRATE)).build(), "test"));
        assertThat(service.plan(campaign.id())).containsPattern("\"feasible\":\\s*true");
        List<VmAction> planned = campaigns.vms(campaign.id());
        assertThat(planned).extracting(VmAction::vmUuid).containsAll(bootedOn.keySet());

        service.approve(campaign.id(), "test");
        Campaign done = await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1))
                .until(() -> service.find(campaign.id()), c -> c.state() == CampaignState.DONE
                        || c.state() == CampaignState.PAUSED || c.state() == CampaignState.ABORTED);
        List<CampaignEvent> events = campaigns.events(campaign.id(), 0, 10_000);
        assertThat(done.state()).as("campaign %s (%s); events:\n%s", done.state(), done.stateReason(),
                events.stream().map(e -> e.host() + " " + e.type() + " " + e.message()).collect(Collectors.joining("\n")))
                .isEqualTo(CampaignState.DONE);
        System.out.printf("DevCloudCampaignIT: campaign over %d hosts DONE in %.1f s%n", HOSTS.size(),
                (System.nanoTime() - started) / 1e9);

        assertThat(campaigns.hosts(campaign.id())).extracting(CampaignHost::state).containsOnly(HostState.DONE);
        for (String host : HOSTS) {
            assertThat(events).filteredOn(e -> host.equals(e.host()) && "host.step.skipped".equals(e.type()))
                    .extracting(e -> e.message().substring(0, e.message().indexOf(' ')))
                    .as("steps skipped on %s", host).containsExactly("PRESERVE", "RESTORE");
        }
        CloudSnapshot after = cloud.snapshot();
        assertThat(after.hosts()).filteredOn(h -> HOSTS.contains(h.name())).hasSize(HOSTS.size())
                .allMatch(Host::enabled, "enabled").allMatch(Host::up, "up");

        // every server still exists, is ACTIVE with no task, and is where the campaign's migrations put it
        Map<String, String> expectedHost = new HashMap<>(bootedOn);
        Map<String, Set<String>> allowedHosts = new HashMap<>();
        bootedOn.forEach((id, host) -> allowedHosts.computeIfAbsent(id, k -> new HashSet<>()).add(host));
        for (VmAction vm : campaigns.vms(campaign.id())) {
            if (bootedOn.containsKey(vm.vmUuid()) && vm.destination() != null) {
                allowedHosts.get(vm.vmUuid()).add(vm.destination());
            }
        }
        List<CampaignEvent> migrated = events.stream().filter(e -> "vm.migrated".equals(e.type())).toList();
        for (CampaignEvent e : migrated) {
            java.util.regex.Matcher to = java.util.regex.Pattern.compile(" to (compute-\\d+) ").matcher(e.message());
            if (bootedOn.containsKey(e.vmUuid()) && to.find()) {
                allowedHosts.get(e.vmUuid()).add(to.group(1));
            }
        }
        for (CampaignEvent e : migrated) {
            if (bootedOn.containsKey(e.vmUuid())) {
                assertThat(e.message()).contains("completed");
            }
        }
        for (String id : bootedOn.keySet()) {
            JsonNode s = devCloud.server(id);
            assertThat(s.path("id").asText()).as("server %s still exists", id).isEqualTo(id);
            assertThat(s.path("status").asText()).as("status of %s", id).isEqualTo("ACTIVE");
            assertThat(s.path("OS-EXT-STS:task_state").isNull()).as("no task on %s", id).isTrue();
            String host = s.path("OS-EXT-SRV-ATTR:host").asText();
            assertThat(allowedHosts.get(id)).as("hosts planned for %s", id).contains(host);
            expectedHost.put(id, host);
        }
        // each server left every host it was on while that host was upgraded: at least one completed
        // live migration per server
        for (String id : bootedOn.keySet()) {
            assertThat(migrated).as("completed live migrations of %s", id).anyMatch(e -> id.equals(e.vmUuid()));
        }
        List<String> spread = List.of("a1", "a2", "a3").stream().map(serverIds::get).map(expectedHost::get)
                .toList();
        assertThat(spread).as("hosts of the anti-affinity group's members").doesNotHaveDuplicates();
        assertThat(agents).allMatch(AgentProcess::isAlive, "agent alive");

        // no configured secret in the service's log, the agents' logs or the campaign's events
        Map<String, String> seen = new LinkedHashMap<>();
        seen.put("the service log", Files.readString(SERVICE_LOG));
        agents.forEach(a -> seen.put("the agent log of " + a.host(), a.output()));
        seen.put("the events", events.stream().map(e -> e.message() + " " + e.detail()).collect(Collectors.joining("\n")));
        Map<String, String> secrets = Map.of("the Keystone password (molt.nova.password)",
                DevCloudCredentials.load().get("OS_PASSWORD"), "the broker credentials (amqp.uri)",
                java.net.URI.create(ServiceTestEnvironment.AMQP_URI).getUserInfo());
        assertThat(seen.get("the service log")).as("the log file holds the service's start").contains("Started "
                + DevCloudCampaignIT.class.getSimpleName());
        assertThat(SecretScan.leaks(secrets, seen)).isEmpty();
    }

    private static void boot(String name, String host, String group) {
        String id = devCloud.createServer(prefix + name, "m1.nano", host, group, Map.of());
        bootedOn.put(id, host);
        serverIds.put(name, id);
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
