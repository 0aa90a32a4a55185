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
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.UpgradeTarget;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.support.AgentProcess;
import io.molt.service.support.DevCloudCredentials;
import io.molt.service.support.HeartbeatLog;
import io.molt.service.support.HostCommand;
import io.molt.service.support.ServiceTestEnvironment;
import io.molt.service.support.Virsh;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * A real hypervisor upgrade under live Nova instances (issue 13): a USERSPACE campaign through the real
 * service, a real agent and real Nova over the dev cloud's libvirt host (dev/devcloud/up --libvirt-compute),
 * whose upgrade command is docs/examples/upgrade-qemu-libvirt: QEMU 7.2 to 10.0 and libvirt 9.0 to 11.3 from
 * bookworm-backports. Two heartbeat guests (512 MiB and 1 GiB) booted through Nova keep running: their
 * counters never go down, their memory pattern is intact, their largest heartbeat gap is printed and the
 * campaign's VM rows carry the agent's downtime; Nova shows them ACTIVE on the same host with no power-state
 * change; their QEMU processes report 10.0; libvirt has them under the same names and UUIDs; Nova can stop and
 * start one afterwards. The host goes back to QEMU 7.2 / libvirt 9.0 at the end (the script's reverse).
 */
@SpringBootTest(properties = {"molt.simulation.enabled=false", "molt.auth.mode=noauth",
        "molt.agents.offline-after=20s", "molt.engine.agent-step-timeout=20m", "molt.engine.max-attempts=1"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class HypervisorUpgradeIT {

    static final String HOST = "compute-libvirt";
    private static final Path SCRIPT = DevCloud.REPO_ROOT.resolve("docs/examples/upgrade-qemu-libvirt");
    private static final String RESTART_LIBVIRTD = DevCloud.REPO_ROOT.resolve("dev/virtlab/restart-libvirtd").toString();
    private static final Path INSTANCES = Path.of(System.getenv().getOrDefault("MOLT_DEVCLOUD_STATE",
            "/var/lib/molt-devcloud"), "computes", HOST, "instances");
    private static final Map<String, String> FLAVORS = Map.of("small", "hb.512", "large", "hb.1g");

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("hvupgrade", HOST);
    private static final DevCloud devCloud = DevCloud.connect();
    private static final NovaComputeCloud nova = devCloud.cloud();
    private static final String prefix = DevCloud.uniquePrefix("hvupgrade");
    private static final Map<String, String> servers = new LinkedHashMap<>(); // id -> flavor
    private static final Map<String, HeartbeatLog> heartbeats = new LinkedHashMap<>();
    private static final List<AgentProcess> agents = new ArrayList<>();
    private static Path agentDir;

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
    static void bootHeartbeatGuests() throws IOException {
        agentDir = Files.createTempDirectory("molt-hvupgrade-");
        assertThat(upgradeScript("status")).as("the host starts on Debian 12's QEMU and libvirt (a run cut short "
                + "leaves it upgraded: run %s reverse)", SCRIPT).contains("qemu 1:7.2").contains("libvirt 9.0");
        List<String> sizes = List.of("small", "large");
        List<String> ids = devCloud.bootHeartbeatServers(HOST, prefix, sizes.stream()
                .collect(Collectors.toMap(size -> size, FLAVORS::get, (a, b) -> a, LinkedHashMap::new)));
        for (int i = 0; i < ids.size(); i++) {
            servers.put(ids.get(i), FLAVORS.get(sizes.get(i)));
        }
        for (String id : servers.keySet()) {
            heartbeats.put(id, HeartbeatLog.follow(INSTANCES.resolve(id).resolve("console.log")));
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> heartbeats.values().stream().allMatch(h -> h.beats() > 100));
        heartbeats.values().forEach(HeartbeatLog::resetGap); // the boot's own gaps do not count
    }

    @AfterAll
    static void cleanUp() {
        try {
            agents.forEach(AgentProcess::close);
            heartbeats.values().forEach(HeartbeatLog::close);
            devCloud.deleteServers(List.copyOf(servers.keySet()), nova);
            await().atMost(Duration.ofSeconds(120)).until(() -> servers.keySet().stream().noneMatch(
                    id -> Virsh.runningDomains().containsKey(id)));
            try {
                nova.enableHost(HOST);
            } catch (RuntimeException e) {
                System.err.println("could not enable " + HOST + ": " + e.getMessage());
            }
            // back to QEMU 7.2 / libvirt 9.0 so that the test can run again (no guest left on the new QEMU)
            System.out.println(upgradeScript("reverse", "--restart-libvirtd", RESTART_LIBVIRTD));
            if (!DevCloud.computeRunning(HOST)) {
                DevCloud.script("compute", "start", HOST);
            }
        } finally {
            env.close();
        }
    }

    @Test
    void userspaceCampaignUpgradesQemuAndLibvirtUnderRunningNovaInstances() throws IOException {
        Map<String, String> domainsBefore = new LinkedHashMap<>(Virsh.runningDomains());
        domainsBefore.keySet().retainAll(servers.keySet());
        assertThat(domainsBefore).as("libvirt domains of the instances").hasSize(servers.size());
        domainsBefore.values().forEach(d -> assertThat(Virsh.qemuVersion(d)).startsWith("7.2."));

        agents.add(AgentProcess.start(HOST, ServiceTestEnvironment.AMQP_URI, env.prefix(), agentDir,
                DevCloud.libvirtComputeAgentConfig(HOST, "/run/molt/qmp-hv")));
        await().atMost(Duration.ofSeconds(60)).until(() -> observer.agentOnline(HOST));

        // the first run of the upgrade installs QEMU 10.0 (the old binary is gone) and then fails: the guests go
        // on running on their old QEMU processes, the campaign pauses with the script's output; resumed once the
        // cause is gone, it finishes
        Path failOnce = agentDir.resolve("fail-once");
        Path wrapper = failingUpgrade(failOnce);
        long started = System.nanoTime();
        Campaign campaign = service.create(new CampaignRequest(prefix + "upgrade", new HostSelector(List.of(HOST), null,
                null), UpgradeTarget.USERSPACE, new UpgradeSpec(List.of(wrapper.toString(), "upgrade",
                "--restart-libvirtd", RESTART_LIBVIRTD), 900, "10000002"),
                CampaignOptions.builder().allowedActions(EnumSet.of(Action.PRESERVE)).build(), "test"));
        assertThat(service.plan(campaign.id())).containsPattern("\"feasible\":\\s*true");
        assertThat(campaigns.vms(campaign.id())).extracting(VmAction::vmUuid).containsAll(servers.keySet());
        assertThat(campaigns.vms(campaign.id())).extracting(VmAction::action).containsOnly(Action.PRESERVE);

        service.approve(campaign.id(), "test");
        Campaign paused = await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(1))
                .until(() -> service.find(campaign.id()), c -> c.state() != CampaignState.APPROVED
                        && c.state() != CampaignState.RUNNING);
        assertThat(paused.state()).as("campaign after the failed upgrade: %s", paused.stateReason())
                .isEqualTo(CampaignState.PAUSED);
        assertThat(paused.stateReason()).contains("UPGRADE").contains("exit code 3")
                .contains("post-upgrade check failed").contains("after: qemu 1:10.0");
        assertThat(upgradeScript("status")).as("the old QEMU is gone").contains("qemu 1:10.0");
        for (String id : servers.keySet()) {
            HeartbeatLog beats = heartbeats.get(id);
            assertThat(beats.counterResets()).as("counter of %s", id).isEmpty();
            assertThat(beats.largestGapMs()).as("largest heartbeat gap of %s while the upgrade ran and failed", id)
                    .isLessThan(2000);
            assertThat(Virsh.qemuVersion(domainsBefore.get(id))).as("%s still runs on its old QEMU", id)
                    .startsWith("7.2.");
            assertThat(devCloud.server(id).path("status").asText()).isEqualTo("ACTIVE");
        }
        System.out.printf("HypervisorUpgradeIT: upgrade failed half-way, campaign PAUSED; largest gaps so far %s ms%n",
                heartbeats.values().stream().map(h -> Long.toString(h.largestGapMs())).toList());
        Files.delete(failOnce);
        service.resume(campaign.id(), "test");

        Campaign done = await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(1))
                .until(() -> service.find(campaign.id()), c -> c.state() == CampaignState.DONE
                        || c.state() == CampaignState.PAUSED || c.state() == CampaignState.ABORTED);
        List<CampaignEvent> events = campaigns.events(campaign.id(), 0, 10_000);
        assertThat(done.state()).as("campaign %s (%s); events:\n%s\nagent:\n%s", done.state(), done.stateReason(),
                events.stream().map(e -> e.host() + " " + e.type() + " " + e.message() + " " + e.detail())
                        .collect(Collectors.joining("\n")), agents.get(0).output()).isEqualTo(CampaignState.DONE);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(campaigns.hosts(campaign.id())).extracting(CampaignHost::state).containsOnly(HostState.DONE);
        assertThat(upgradeScript("status")).contains("qemu 1:10.0").contains("libvirt 11.3");
        assertThat(Virsh.libvirtVersion()).startsWith("11.3");

        // the guests kept running: counters never went down, pattern intact, largest gap recorded
        for (String id : servers.keySet()) {
            HeartbeatLog beats = heartbeats.get(id);
            long before = beats.lastCounter();
            await().atMost(Duration.ofSeconds(30)).until(() -> beats.lastCounter() > before + 50);
            assertThat(beats.counterResets()).as("heartbeat counter of %s never went down", id).isEmpty();
        }
        Map<String, String> domainsAfter = new LinkedHashMap<>(Virsh.runningDomains());
        domainsAfter.keySet().retainAll(servers.keySet());
        assertThat(domainsAfter).as("libvirt keeps the domains under the same UUIDs and names").isEqualTo(domainsBefore);
        for (String id : servers.keySet()) {
            String domain = domainsAfter.get(id);
            assertThat(Virsh.qemuVersion(domain)).as("query-version of %s", domain).startsWith("10.0.");
            HeartbeatLog beats = heartbeats.get(id);
            int asked = beats.verifications().size();
            writeToPty(Virsh.serialPty(domain), "v");
            await().atMost(Duration.ofSeconds(60)).until(() -> beats.verifications().size() > asked);
            assertThat(beats.lastVerificationOk()).as("memory pattern of %s: %s", id, beats.verifications()).isTrue();
        }
        Map<String, VmAction> rows = campaigns.vms(campaign.id()).stream()
                .collect(Collectors.toMap(VmAction::vmUuid, v -> v));
        for (String id : servers.keySet()) {
            long gap = heartbeats.get(id).largestGapMs();
            VmAction row = rows.get(id);
            System.out.printf("HypervisorUpgradeIT: %s (%s) largest heartbeat gap %d ms, agent's downtime %s ms%n",
                    id, servers.get(id), gap, row.actualDowntimeMs());
            assertThat(row.actualDowntimeMs()).as("actual downtime of %s in the campaign's VM rows", id).isNotNull()
                    .isPositive().isLessThanOrEqualTo(gap + 1000);
            assertThat(gap).as("largest heartbeat gap of %s", id).isPositive().isLessThan(60_000);
        }

        // Nova: ACTIVE on the same host, power state running, no stop/start recorded
        for (String id : servers.keySet()) {
            JsonNode s = devCloud.server(id);
            assertThat(s.path("status").asText()).as("status of %s", id).isEqualTo("ACTIVE");
            assertThat(s.path("OS-EXT-SRV-ATTR:host").asText()).isEqualTo(HOST);
            assertThat(s.path("OS-EXT-STS:power_state").asInt()).as("power state of %s", id).isEqualTo(1);
            assertThat(devCloud.serverActions(id)).as("actions on %s", id).containsExactly("create");
        }
        System.out.printf("HypervisorUpgradeIT: campaign DONE in %.1f s (QEMU 7.2 -> 10.0, libvirt 9.0 -> 11.3)%n",
                seconds);

        // afterwards Nova still drives the instances on the new QEMU and libvirt
        String first = servers.keySet().iterator().next();
        devCloud.serverAction(first, "os-stop");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> devCloud.server(first).path("status").asText().equals("SHUTOFF"));
        devCloud.serverAction(first, "os-start");
        devCloud.awaitActive(List.of(first), Duration.ofSeconds(120));
    }

    /** The real script, then a check that fails while {@code flag} exists (exit 3, after the install). */
    private static Path failingUpgrade(Path flag) {
        try {
            Files.writeString(flag, "");
            Path wrapper = agentDir.resolve("upgrade-then-fail");
            Files.writeString(wrapper, "#!/bin/sh\n\"" + SCRIPT + "\" \"$@\" || exit $?\n"
                    + "if [ -e '" + flag + "' ]; then echo 'post-upgrade check failed: " + flag + " exists'; exit 3; fi\n");
            wrapper.toFile().setExecutable(true);
            return wrapper;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String upgradeScript(String... args) {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        return HostCommand.run(Duration.ofMinutes(15), command);
    }

    /**
     * Writes to the guest's serial pty and keeps it open for a while: QEMU reads a pty only while its other
     * end is open, and looks for that end about once a second.
     */
    private static void writeToPty(String pty, String text) {
        try (var out = Files.newOutputStream(Path.of(pty))) {
            for (int i = 0; i < 3; i++) {
                out.write(text.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(1500);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
