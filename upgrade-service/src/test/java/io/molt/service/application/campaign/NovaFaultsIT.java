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
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.UpgradeTarget;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.support.AgentProcess;
import io.molt.service.support.DevCloudAgents;
import io.molt.service.support.DevCloudCredentials;
import io.molt.service.support.NovaFaultProxy;
import io.molt.service.support.ServiceTestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Nova answering 500, 503 and timeouts for a while, during a campaign on the dev cloud (docs/devcloud.md): the
 * service reaches nova-api only through {@link NovaFaultProxy} ({@code molt.nova.compute-endpoint}), which fails
 * {@value #FAILING_SHARE} of the calls for {@value #FAULTY_SECONDS} s at a time, with {@value #HEALTHY_SECONDS} s
 * between, for the whole campaign (a timeout reaches Nova, which acts, and its answer is lost). The campaign
 * live-migrates one server off each of the 4 fake compute hosts, real agents stop and start each host's
 * nova-compute. At the end: DONE, every host enabled and up, every server ACTIVE with no task on the host its
 * last completed migration put it, and Nova recorded no more live migrations of a server than the campaign's
 * events record completed (none repeated).
 */
@SpringBootTest(properties = {"molt.simulation.enabled=false", "molt.auth.mode=noauth",
        "molt.agents.offline-after=5s", "molt.engine.agent-step-timeout=3m", "molt.nova.read-timeout=8s",
        "molt.nova.poll-interval=500ms"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class NovaFaultsIT {

    static final double FAILING_SHARE = 0.3;
    static final int FAULTY_SECONDS = 20;
    static final int HEALTHY_SECONDS = 5;
    private static final Pattern MIGRATED_TO = Pattern.compile(" to (compute-\\d+) completed");

    private static final List<String> HOSTS = DevCloud.HOSTS;
    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("novafaults",
            HOSTS.toArray(String[]::new));
    private static final DevCloud devCloud = DevCloud.connect();
    private static final NovaComputeCloud nova = devCloud.cloud();
    private static final String prefix = DevCloud.uniquePrefix("novafaults");
    private static final Map<String, String> bootedOn = new LinkedHashMap<>();  // server id -> host
    private static final List<AgentProcess> agents = new ArrayList<>();
    private static NovaFaultProxy proxy;
    private static Path agentDir;

    @Autowired
    CampaignService service;
    @Autowired
    Campaigns campaigns;
    @Autowired
    CloudObserver observer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        env.register(registry);
        DevCloudCredentials.registerNova(registry);
        proxy = NovaFaultProxy.start(devCloud.computeEndpoint(), Duration.ofSeconds(10));
        registry.add("molt.nova.compute-endpoint", () -> proxy.endpoint().toString());
    }

    @BeforeAll
    static void bootServers() throws IOException {
        agentDir = Files.createTempDirectory("molt-novafaults-");
        for (String host : HOSTS) {
            bootedOn.put(devCloud.createServer(prefix + host, "m1.nano", host, null, Map.of()), host);
        }
        devCloud.awaitActive(List.copyOf(bootedOn.keySet()), Duration.ofSeconds(120));
    }

    @AfterAll
    static void cleanUp() {
        try {
            if (proxy != null) {
                System.out.println("NovaFaultsIT: faults injected " + proxy.injected());
                proxy.close();
            }
            agents.forEach(AgentProcess::close);
            DevCloudAgents.restore(HOSTS, nova);
            devCloud.deleteServers(List.copyOf(bootedOn.keySet()), nova);
        } finally {
            env.close();
            org.springframework.util.FileSystemUtils.deleteRecursively(agentDir.toFile());
        }
    }

    @Test
    void aCampaignEndsDoneWithEveryServerActiveWhileNovaFailsAShareOfTheCalls() throws Exception {
        for (String host : HOSTS) {
            agents.add(DevCloudAgents.start(host, env, agentDir));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> HOSTS.stream().allMatch(observer::agentOnline));
        long started = System.nanoTime();
        Campaign campaign = service.create(new CampaignRequest(prefix + "upgrade", new HostSelector(HOSTS, null, null),
                UpgradeTarget.USERSPACE, new UpgradeSpec(List.of("/bin/true"), 60, null),
                CampaignOptions.builder().allowedActions(EnumSet.of(Action.LIVE_MIGRATE)).build(), "test"));
        service.approve(campaign.id(), "test");

        AtomicBoolean ended = new AtomicBoolean();
        Thread faults = new Thread(() -> flapping(ended), "nova-faults");
        faults.start();
        Campaign done;
        try {
            done = await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> service.find(campaign.id()), c -> c.state().isFinal()
                            || c.state() == CampaignState.PAUSED);
        } finally {
            ended.set(true);
            faults.join();
        }
        List<CampaignEvent> events = campaigns.events(campaign.id(), 0, 10_000);
        System.out.printf("NovaFaultsIT: campaign %s in %.1f s with %d faults (%s)%n", done.state(),
                (System.nanoTime() - started) / 1e9, proxy.injectedInAll(), proxy.injected());
        assertThat(done.state()).as("campaign %s (%s); events:\n%s", done.state(), done.stateReason(),
                events.stream().map(e -> e.host() + " " + e.type() + " " + e.message()).collect(Collectors.joining("\n")))
                .isEqualTo(CampaignState.DONE);
        assertThat(proxy.injectedInAll()).as("faults injected").isGreaterThanOrEqualTo(10);
        assertThat(campaigns.hosts(campaign.id())).extracting(CampaignHost::state).containsOnly(HostState.DONE);
        assertThat(nova.snapshot().hosts()).filteredOn(h -> HOSTS.contains(h.name())).hasSize(HOSTS.size())
                .allMatch(Host::enabled, "enabled").allMatch(Host::up, "up");

        Map<String, List<String>> movedTo = new HashMap<>();
        for (CampaignEvent e : events) {
            Matcher to = MIGRATED_TO.matcher(e.message());
            if ("vm.migrated".equals(e.type()) && to.find()) {
                movedTo.computeIfAbsent(e.vmUuid(), k -> new ArrayList<>()).add(to.group(1));
            }
        }
        for (Map.Entry<String, String> booted : bootedOn.entrySet()) {
            String id = booted.getKey();
            List<String> moves = movedTo.getOrDefault(id, List.of());
            String history = events.stream().filter(e -> id.equals(e.vmUuid()))
                    .map(e -> e.occurredAt() + " " + e.type() + " " + e.message()).collect(Collectors.joining("\n"))
                    + "\nNova's actions: " + devCloud.serverActions(id);
            JsonNode s = devCloud.server(id);
            assertThat(s.path("status").asText()).as("status of %s", id).isEqualTo("ACTIVE");
            assertThat(s.path("OS-EXT-STS:task_state").isNull()).as("no task on %s", id).isTrue();
            assertThat(moves).as("completed live migrations of %s", id).isNotEmpty();
            assertThat(s.path("OS-EXT-SRV-ATTR:host").asText()).as("host of %s:\n%s", id, history)
                    .isEqualTo(moves.get(moves.size() - 1));
            long inNova = devCloud.serverActions(id).stream().filter("live-migration"::equals).count();
            assertThat(inNova).as("live migrations of %s Nova recorded, against %s completed:\n%s", id, moves, history)
                    .isEqualTo(moves.size());
        }
    }

    /** Fails the proxy's share of calls for {@value #FAULTY_SECONDS} s, then none for {@value #HEALTHY_SECONDS} s, until ended. */
    private static void flapping(AtomicBoolean ended) {
        try {
            while (!ended.get()) {
                proxy.fail(FAILING_SHARE);
                sleepUnless(ended, FAULTY_SECONDS);
                proxy.fail(0);
                sleepUnless(ended, HEALTHY_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            proxy.fail(0);
        }
    }

    private static void sleepUnless(AtomicBoolean ended, int seconds) throws InterruptedException {
        for (int i = 0; i < seconds * 10 && !ended.get(); i++) {
            Thread.sleep(100);
        }
    }
}
