package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.molt.agent.journal.JournalEntry;
import io.molt.agent.journal.StepJournal;
import io.molt.service.adapter.nova.DevCloud;
import io.molt.service.adapter.nova.NovaComputeCloud;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.HostSelector;
import io.molt.service.domain.campaign.HostState;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.UpgradeTarget;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.support.AgentProcess;
import io.molt.service.support.DevCloudCredentials;
import io.molt.service.support.HeartbeatLog;
import io.molt.service.support.ServiceTestEnvironment;
import io.molt.service.support.Virsh;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * Issue 13, item 4, through the real service, the real agent (its own process) and real Nova on the dev cloud's
 * libvirt host: a USERSPACE campaign with PRESERVE whose guest's saved device state is damaged between its save and
 * its restore. The test overwrites 16 bytes in the middle of the state file and of its copy as soon as the agent has
 * journaled the hold {@code SAVED} (the engine's step boundary between PRESERVE and RESTORE leaves it the time).
 * The campaign must pause in RESTORE with the agent's reason, the guest neither restored on the damaged state nor
 * booted, its kept RAM and both state files kept, the host left disabled with nova-compute stopped; once the test
 * puts a good copy back and resumes, the campaign ends DONE with the guest back on its kept RAM: its heartbeat
 * counter never went down, ACTIVE on the same host in Nova.
 */
@SpringBootTest(properties = {"molt.simulation.enabled=false", "molt.auth.mode=noauth",
        "molt.agents.offline-after=20s", "molt.engine.agent-step-timeout=10m", "molt.engine.max-attempts=1"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class IncomingStateCampaignIT {

    private static final String HOST = "compute-libvirt";
    private static final Path INSTANCES = Path.of(System.getenv().getOrDefault("MOLT_DEVCLOUD_STATE",
            "/var/lib/molt-devcloud"), "computes", HOST, "instances");
    /** Where the bytes are overwritten: inside QEMU's stream, which libvirt and QEMU would load without a word. */
    private static final long OFFSET = 180_000;

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("incoming", HOST);
    private static final DevCloud devCloud = DevCloud.connect();
    private static final NovaComputeCloud nova = devCloud.cloud();
    private static final String prefix = DevCloud.uniquePrefix("incoming");
    private static String server;
    private static HeartbeatLog heartbeat;
    private static Path dir;
    private static AgentProcess agent;

    @Autowired
    CampaignService service;
    @Autowired
    Campaigns campaigns;
    @Autowired
    CloudObserver observer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
        DevCloudCredentials.registerNova(registry);
    }

    @BeforeAll
    static void bootGuestAndAgent() throws IOException {
        dir = Files.createTempDirectory("molt-incoming-");
        server = devCloud.bootHeartbeatServers(HOST, prefix, Map.of("a", "hb.512")).get(0);
        heartbeat = HeartbeatLog.follow(INSTANCES.resolve(server).resolve("console.log"));
        await().atMost(Duration.ofSeconds(90)).until(() -> heartbeat.beats() > 100);
        agent = AgentProcess.start(HOST, ServiceTestEnvironment.AMQP_URI, env.prefix(), dir,
                DevCloud.libvirtComputeAgentConfig(HOST, "/run/molt/qmp-incoming"));
    }

    @AfterAll
    static void cleanUp() {
        try {
            if (agent != null) {
                agent.close();
            }
            if (heartbeat != null) {
                heartbeat.close();
            }
            if (!DevCloud.computeRunning(HOST)) {
                DevCloud.script("compute", "start", HOST);
            }
            try {
                nova.enableHost(HOST);
            } catch (RuntimeException e) {
                System.err.println("could not enable " + HOST + ": " + e.getMessage());
            }
            if (server != null) {
                devCloud.deleteServers(List.of(server), nova);
            }
        } finally {
            env.close();
            try {
                FileSystemUtils.deleteRecursively(dir);
            } catch (IOException e) {
                System.err.println("could not delete " + dir + ": " + e.getMessage());
            }
        }
    }

    @Test
    void aDamagedSavedStatePausesTheCampaignWithTheReasonAndTheGuestComesBackOnceAGoodCopyIsBack() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> observer.agentOnline(HOST));
        String domain = Virsh.runningDomains().get(server);
        assertThat(domain).as("libvirt domain of %s", server).isNotNull();
        long started = System.nanoTime();
        Campaign campaign = service.create(new CampaignRequest(prefix + "c", new HostSelector(List.of(HOST), null, null),
                UpgradeTarget.USERSPACE, new UpgradeSpec(List.of("/bin/true"), 300, null),
                CampaignOptions.builder().allowedActions(EnumSet.of(Action.PRESERVE)).build(), "test"));
        assertThat(service.plan(campaign.id())).containsPattern("\"feasible\":\\s*true");
        assertThat(campaigns.vms(campaign.id())).extracting(VmAction::vmUuid)
                .as("the campaign would act on this test's server alone (no other engineer's on the host)")
                .containsExactly(server);
        service.approve(campaign.id(), "test");

        StepJournal journal = new StepJournal(dir.resolve("state-" + HOST).resolve("journal"), Clock.systemUTC());
        JournalEntry held = await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(5))
                .until(() -> hold(journal, "SAVED"), Optional::isPresent).orElseThrow();
        Path state = Path.of(held.get("state"));
        Path copy = Path.of(held.get("state_copy"));
        byte[] good = Files.readAllBytes(copy);
        overwrite(state);
        overwrite(copy);
        assertThat(journal.count(held.operationId(), "RESTORING")).as("damaged before the restore began").isZero();
        long damagedAt = (System.nanoTime() - started) / 1_000_000;

        Campaign paused = await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> service.find(campaign.id()), IncomingStateCampaignIT::settled);
        assertThat(paused.state()).as("%s; events:\n%s\nagent:\n%s", paused.stateReason(), story(campaign),
                agent.output()).isEqualTo(CampaignState.PAUSED);
        assertThat(paused.stateReason()).contains("RESTORE", "the saved device state of " + domain + " is not as saved",
                "its copy " + copy, "not restored and not booted");
        assertThat(Virsh.run("domstate", domain).trim()).as("not booted").isEqualTo("shut off");
        assertThat(state).exists();
        assertThat(copy).exists();
        assertThat(journal.last(held.operationId()).orElseThrow().phase()).isEqualTo("STATE_CORRUPTED");
        assertThat(nova.snapshot().hosts().stream().filter(h -> h.name().equals(HOST)).noneMatch(Host::enabled))
                .as("the host stays disabled").isTrue();
        assertThat(DevCloud.computeRunning(HOST)).as("nova-compute left stopped").isFalse();
        System.out.printf("IncomingStateCampaignIT: state file %s bytes, checksummed and copied in %s ms; damaged %d ms into"
                + " the campaign; PAUSED after %.1f s: %s%n", held.get("state_bytes"), held.get("state_keep_ms"), damagedAt,
                (System.nanoTime() - started) / 1e9, paused.stateReason());

        Files.write(copy, good); // the operator puts a good copy back
        service.resume(campaign.id(), "test");
        Campaign done = await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> service.find(campaign.id()), c -> settled(c)
                        && !(c.state() == CampaignState.PAUSED && paused.stateReason().equals(c.stateReason())));
        assertThat(done.state()).as("%s; events:\n%s\nagent:\n%s", done.stateReason(), story(campaign), agent.output())
                .isEqualTo(CampaignState.DONE);
        assertThat(campaigns.hosts(campaign.id())).extracting(CampaignHost::state).containsOnly(HostState.DONE);
        long now = heartbeat.lastCounter();
        await().atMost(Duration.ofSeconds(30)).until(() -> heartbeat.lastCounter() > now + 50);
        assertThat(heartbeat.counterResets()).as("heartbeat counter never went down: restored, not booted").isEmpty();
        assertThat(Virsh.runningDomains()).containsEntry(server, domain);
        assertThat(devCloud.server(server).path("status").asText()).isEqualTo("ACTIVE");
        assertThat(devCloud.server(server).path("OS-EXT-SRV-ATTR:host").asText()).isEqualTo(HOST);
        assertThat(journal.open()).isEmpty();
        assertThat(state).as("released once the restore was verified").doesNotExist();
        System.out.printf("IncomingStateCampaignIT: DONE after %.1f s (resume included); largest heartbeat gap %d ms%n",
                (System.nanoTime() - started) / 1e9, heartbeat.largestGapMs());
    }

    /** The test server's hold, once journaled in {@code phase}. */
    private static Optional<JournalEntry> hold(StepJournal journal, String phase) {
        return journal.lasts().stream().filter(e -> e.step().equals("PRESERVE_REPLACE") && server.equals(e.get("uuid")))
                .filter(e -> e.phase().equals(phase)).findFirst();
    }

    private static void overwrite(Path file) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(OFFSET);
            f.write("molt was here...".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private String story(Campaign campaign) {
        return campaigns.events(campaign.id(), 0, 10_000).stream()
                .map(e -> e.host() + " " + e.type() + " " + e.message() + " " + e.detail())
                .collect(Collectors.joining("\n"));
    }

    /** Whether the campaign has stopped moving: ended, or paused for the operator. */
    private static boolean settled(Campaign c) {
        return c.state().isFinal() || c.state() == CampaignState.PAUSED;
    }
}
