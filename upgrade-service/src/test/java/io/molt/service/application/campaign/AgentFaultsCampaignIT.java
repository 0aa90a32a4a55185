package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.molt.agent.journal.JournalEntry;
import io.molt.agent.journal.StepJournal;
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
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.UpgradeTarget;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.support.AgentProcess;
import io.molt.service.support.DevCloudCredentials;
import io.molt.service.support.HeartbeatLog;
import io.molt.service.support.PrivateRabbitMq;
import io.molt.service.support.ServiceTestEnvironment;
import io.molt.service.support.Virsh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * Issue 16's agent and broker faults during whole campaigns of the service, with the real agent over real guests:
 * the dev cloud's libvirt host {@code compute-libvirt} (real Nova, real libvirt and QEMU under TCG), two heartbeat
 * servers of the smallest flavor ({@code hb.512}), the real agent as its own process (one guest at a time), and a
 * RabbitMQ node of the test's own ({@link PrivateRabbitMq}: never the machine's shared broker) under both the
 * service and the agent. USERSPACE campaigns of that one host, whose upgrade command only logs that it ran:
 * <ol>
 * <li>PRESERVE; the agent SIGKILLed with the first guest held (journaled) and the second not, and again in
 *     RestoreGuests with the first guest's new QEMU started; each time a new agent process is started on the same
 *     state directory, as systemd would.</li>
 * <li>SUSPEND_TO_DISK (managed save); the agent SIGKILLed with the first guest's save journaled (libvirt not yet
 *     called), and with its start from the save image journaled.</li>
 * <li>SUSPEND_TO_DISK; the agent SIGKILLed while libvirt saves the first guest (paused), and while its new QEMU
 *     loads the save image (started: since the first campaign its XML carries the agent's extra monitor, on which
 *     that QEMU waits).</li>
 * <li>PRESERVE; the broker stopped and started again (down 2 s) in the middle of PreserveGuests and of
 *     RestoreGuests, the agent and the service connected.</li>
 * </ol>
 * After each campaign: it is DONE and its host DONE and enabled in Nova; every guest ACTIVE on the host in Nova and
 * running in libvirt, its heartbeat counter never went down and goes on; the service sent each agent step once (one
 * command id a step, no step retried); the agent took each guest down once (journal), stopped and started
 * nova-compute once and ran the upgrade once; nothing is left open in the agent's journal.
 */
@SpringBootTest(properties = {"molt.simulation.enabled=false", "molt.auth.mode=noauth",
        "molt.agents.offline-after=20s", "molt.engine.agent-step-timeout=10m", "molt.engine.max-attempts=1"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AgentFaultsCampaignIT {

    private static final String HOST = "compute-libvirt";
    private static final Path INSTANCES = Path.of(System.getenv().getOrDefault("MOLT_DEVCLOUD_STATE",
            "/var/lib/molt-devcloud"), "computes", HOST, "instances");
    private static final Path QEMU_RUN = Path.of("/run/libvirt/qemu");
    private static final Duration POINT_TIMEOUT = Duration.ofMinutes(4);
    private static final int BROKER_RESTARTS = 2;
    /** The agent steps of a host's campaign, by command type: the hooks before down and after up, and the rest. */
    private static final Map<String, Integer> ONE_COMMAND_A_STEP = Map.of("command.run-hook", 2,
            "command.preserve-guests", 1, "command.run-upgrade", 1, "command.restore-guests", 1);

    private static final PrivateRabbitMq rabbit = PrivateRabbitMq.start();
    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("agentfaults", HOST);
    private static final DevCloud devCloud = DevCloud.connect();
    private static final NovaComputeCloud nova = devCloud.cloud();
    private static final String prefix = DevCloud.uniquePrefix("agentfaults");
    /** Server id -> libvirt domain name, in the order of creation. */
    private static final Map<String, String> servers = new LinkedHashMap<>();
    private static final Map<String, HeartbeatLog> heartbeats = new LinkedHashMap<>();
    private static final List<String> table = new ArrayList<>();
    private static Path dir;
    private static StepJournal journal;
    private static AgentProcess agent;
    private static int generations;
    private static int campaignsRun;

    @Autowired
    CampaignService service;
    @Autowired
    Campaigns campaigns;
    @Autowired
    CloudObserver observer;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", env.database()::url);
        registry.add("spring.datasource.username", env.database()::user);
        registry.add("spring.rabbitmq.host", rabbit::host);
        registry.add("spring.rabbitmq.port", rabbit::port);
        registry.add("molt.amqp.prefix", env::prefix);
        DevCloudCredentials.registerNova(registry);
    }

    @BeforeAll
    static void bootGuestsAndAgent() throws IOException {
        dir = Files.createTempDirectory("molt-agentfaults-");
        List<String> ids = devCloud.bootHeartbeatServers(HOST, prefix, Map.of("a", "hb.512", "b", "hb.512"));
        Map<String, String> running = Virsh.runningDomains();
        for (String id : ids) {
            assertThat(running).as("libvirt domain of %s", id).containsKey(id);
            servers.put(id, running.get(id));
            heartbeats.put(id, HeartbeatLog.follow(INSTANCES.resolve(id).resolve("console.log")));
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> heartbeats.values().stream().allMatch(h -> h.beats() > 100));

        String compute = DevCloud.REPO_ROOT.resolve("dev/devcloud/compute").toString();
        agent = AgentProcess.start(HOST, "amqp://guest:guest@" + rabbit.host() + ":" + rabbit.port() + "/%2F",
                env.prefix(), dir, List.of(
                        "libvirt.uri=qemu:///system",
                        "libvirt.restart-command=" + DevCloud.REPO_ROOT.resolve("dev/virtlab/restart-libvirtd"),
                        "preservation.monitor-dir=/run/molt/qmp-faults",
                        "guests.at-once=1",
                        "nova-compute.stop-command=" + logging("nova-stop", "stop", compute + " stop " + HOST),
                        "nova-compute.start-command=" + logging("nova-start", "start", compute + " start " + HOST)));
        journal = new StepJournal(dir.resolve("state-" + HOST).resolve("journal"), Clock.systemUTC());
    }

    /**
     * The agent stopped first; then nova-compute started and the host enabled again, in case a campaign paused
     * with them stopped and disabled (Nova deletes no server of a host whose nova-compute is down).
     */
    @AfterAll
    static void cleanUp() {
        try {
            if (agent != null) {
                agent.close();
            }
            heartbeats.values().forEach(HeartbeatLog::close);
            if (!DevCloud.computeRunning(HOST)) {
                DevCloud.script("compute", "start", HOST);
            }
            try {
                nova.enableHost(HOST);
            } catch (RuntimeException e) {
                System.err.println("could not enable " + HOST + ": " + e.getMessage());
            }
            devCloud.deleteServers(List.copyOf(servers.keySet()), nova);
        } finally {
            env.close();
            rabbit.close();
            try {
                FileSystemUtils.deleteRecursively(dir);
            } catch (IOException e) {
                System.err.println("could not delete " + dir + ": " + e.getMessage());
            }
        }
    }

    @Test
    void campaignsEndDoneWhenTheAgentIsKilledMidStepOrTheBrokerRestarts() throws Exception {
        long began = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).until(() -> observer.agentOnline(HOST));
        campaign("agent SIGKILLed mid-PreserveGuests and mid-RestoreGuests (PRESERVE)", Action.PRESERVE, List.of(
                new Fault("PreserveGuests, the first guest's hold journaled, the second's not begun",
                        () -> firstGuestHas("PRESERVE_GUESTS", "guest."), AgentFaultsCampaignIT::killAgent),
                new Fault("RestoreGuests, the first guest's new QEMU started",
                        () -> firstGuestHas("RESTORE_GUESTS", "restoring.")
                                && qemuRuns(servers.get(firstGuest("RESTORE_GUESTS").orElseThrow())),
                        AgentFaultsCampaignIT::killAgent)));

        campaign("agent SIGKILLed mid-PreserveGuests and mid-RestoreGuests (SUSPEND_TO_DISK)", Action.SUSPEND_TO_DISK,
                List.of(new Fault("PreserveGuests, the first guest's managed save journaled",
                                () -> firstGuest("PRESERVE_GUESTS").map(g -> openOperation("SUSPEND_TO_DISK", g)).orElse(false),
                                AgentFaultsCampaignIT::killAgent),
                        new Fault("RestoreGuests, the first guest's start from its save image journaled",
                                () -> firstGuest("RESTORE_GUESTS").map(g -> openOperation("RESUME", g)).orElse(false),
                                AgentFaultsCampaignIT::killAgent)));

        campaign("agent SIGKILLed mid-save and mid-start from the save image (SUSPEND_TO_DISK)", Action.SUSPEND_TO_DISK,
                List.of(new Fault("PreserveGuests, the first guest paused by its managed save",
                                () -> firstGuest("PRESERVE_GUESTS").map(g -> openOperation("SUSPEND_TO_DISK", g)
                                        && Virsh.run("domstate", servers.get(g)).trim().equals("paused")).orElse(false),
                                AgentFaultsCampaignIT::killAgent),
                        new Fault("RestoreGuests, the first guest's QEMU started from its save image",
                                () -> firstGuest("RESTORE_GUESTS").map(g -> openOperation("RESUME", g)
                                        && qemuRuns(servers.get(g))).orElse(false),
                                AgentFaultsCampaignIT::killAgent)));

        campaign("RabbitMQ restarted mid-PreserveGuests and mid-RestoreGuests (PRESERVE)", Action.PRESERVE, List.of(
                new Fault("PreserveGuests, the first guest's hold journaled",
                        () -> firstGuestHas("PRESERVE_GUESTS", "guest."), AgentFaultsCampaignIT::restartBroker),
                new Fault("RestoreGuests, the first guest's restore journaled",
                        () -> firstGuestHas("RESTORE_GUESTS", "restoring."), AgentFaultsCampaignIT::restartBroker)));

        assertThat(agent.output().split("connection to the broker recovered", -1)).as("the agent process that was"
                + " connected reconnected after each broker restart:\n%s", agent.output()).hasSize(BROKER_RESTARTS + 1);

        System.out.println("AgentFaultsCampaignIT: what the agents started after a kill found:\n" + leftByDeadAgents());
        System.out.println("AgentFaultsCampaignIT:\n| fault | count | campaigns DONE | paused | VMs lost | hosts left disabled |\n"
                + "|---|---|---|---|---|---|\n" + String.join("\n", table));
        System.out.printf("AgentFaultsCampaignIT: %d ms in all%n", (System.nanoTime() - began) / 1_000_000);
    }

    /** Where a fault is injected: {@code reached} holds from that moment on; {@code inject} injects it. */
    private record Fault(String point, BooleanSupplier reached, Runnable inject) {
    }

    /**
     * One campaign of the host with every guest on {@code action}; each fault injected in turn once its point is
     * reached; then the after-conditions of the class comment, and a row of the table.
     */
    private void campaign(String name, Action action, List<Fault> faults) throws Exception {
        Map<String, Long> countersBefore = heartbeats.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().lastCounter()));
        long started = System.nanoTime();
        Campaign campaign = service.create(new CampaignRequest(prefix + campaignsRun, new HostSelector(List.of(HOST), null,
                null), UpgradeTarget.USERSPACE, new UpgradeSpec(List.of(logging("upgrade", "upgrade", "true").toString()),
                300, null), CampaignOptions.builder().allowedActions(EnumSet.of(action)).build(), "test"));
        campaignsRun++;
        assertThat(service.plan(campaign.id())).containsPattern("\"feasible\":\\s*true");
        assertThat(campaigns.vms(campaign.id())).extracting(VmAction::vmUuid).containsAll(servers.keySet());
        assertThat(campaigns.vms(campaign.id())).extracting(VmAction::action).containsOnly(action);
        service.approve(campaign.id(), "test");

        List<String> injected = new ArrayList<>();
        for (Fault fault : faults) {
            long deadline = System.nanoTime() + POINT_TIMEOUT.toNanos();
            while (!fault.reached().getAsBoolean()) {
                assertThat(System.nanoTime()).as("%s: the point '%s' not reached; agent:\n%s", name, fault.point(),
                        agent.output()).isLessThan(deadline);
                assertThat(isFinal(service.find(campaign.id()).state())).as("%s: the campaign ended before '%s'", name,
                        fault.point()).isFalse();
                LockSupport.parkNanos(5_000_000);
            }
            long at = (System.nanoTime() - started) / 1_000_000;
            fault.inject().run();
            injected.add(fault.point() + " at " + at + " ms");
        }
        Campaign end = await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> service.find(campaign.id()), c -> isFinal(c.state()));
        double seconds = (System.nanoTime() - started) / 1e9;
        List<CampaignEvent> events = campaigns.events(campaign.id(), 0, 10_000);
        String story = events.stream().map(e -> e.host() + " " + e.type() + " " + e.message() + " " + e.detail())
                .collect(Collectors.joining("\n"));
        System.out.printf("AgentFaultsCampaignIT: %s: %s in %.1f s; faults: %s%n", name, end.state(), seconds, injected);

        int lost = 0;
        for (String id : servers.keySet()) {
            JsonNode server = devCloud.server(id);
            boolean there = server.path("status").asText().equals("ACTIVE")
                    && server.path("OS-EXT-SRV-ATTR:host").asText().equals(HOST)
                    && Virsh.runningDomains().containsKey(id);
            lost += there ? 0 : 1;
        }
        boolean enabled = nova.snapshot().hosts().stream().filter(h -> h.name().equals(HOST)).allMatch(Host::enabled);
        table.add("| " + name + " | " + injected.size() + " | " + (end.state() == CampaignState.DONE ? 1 : 0) + " | "
                + (end.state() == CampaignState.PAUSED ? 1 : 0) + " | " + lost + " | " + (enabled ? 0 : 1) + " |");

        assertThat(end.state()).as("%s: campaign %s (%s); events:\n%s\nagent:\n%s", name, end.state(), end.stateReason(),
                story, agent.output()).isEqualTo(CampaignState.DONE);
        assertThat(campaigns.hosts(campaign.id())).extracting(CampaignHost::state).containsOnly(HostState.DONE);
        assertThat(lost).as("%s: guests not ACTIVE on %s and running", name, HOST).isZero();
        assertThat(enabled).as("%s: %s enabled in Nova", name, HOST).isTrue();
        assertThat(events).extracting(CampaignEvent::type).as("%s: no step retried", name).doesNotContain("host.step.retried");
        Map<String, Integer> sent = jdbc.query("SELECT type, count(*) FROM agent_command WHERE campaign_id = CAST(? AS uuid) GROUP BY type",
                (rs, i) -> Map.entry(rs.getString(1), rs.getInt(2)), campaign.id()).stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(sent).as("%s: commands the service sent, by type: each agent step once, under one command id", name)
                .isEqualTo(ONE_COMMAND_A_STEP);

        for (String id : servers.keySet()) {
            HeartbeatLog beats = heartbeats.get(id);
            long now = beats.lastCounter();
            await().atMost(Duration.ofSeconds(30)).until(() -> beats.lastCounter() > now + 50);
            assertThat(beats.counterResets()).as("%s: heartbeat counter of %s never went down", name, id).isEmpty();
            assertThat(beats.lastCounter()).as("%s: heartbeat of %s goes on", name, id).isGreaterThan(countersBefore.get(id));
            assertThat(takeDowns(id)).as("%s: %s taken down once a campaign (journal)", name, id).isEqualTo((long) campaignsRun);
        }
        assertThat(journal.open()).as("%s: nothing left open in the agent's journal", name).isEmpty();
        assertThat(lines("nova-stop")).as("%s: nova-compute stopped once a campaign", name).isEqualTo((long) campaignsRun);
        assertThat(lines("nova-start")).as("%s: nova-compute started once a campaign", name).isEqualTo((long) campaignsRun);
        assertThat(lines("upgrade")).as("%s: the upgrade ran once a campaign", name).isEqualTo((long) campaignsRun);
    }

    private static boolean isFinal(CampaignState state) {
        return state == CampaignState.DONE || state == CampaignState.PAUSED || state == CampaignState.ABORTED
                || state == CampaignState.FAILED;
    }

    /** SIGKILL, then a new agent process on the same state directory, as systemd's {@code Restart=always} would. */
    private static void killAgent() {
        agent.kill();
        agent = agent.startAgain(++generations);
    }

    /** The private broker stopped (a clean shutdown), left down 2 s, started again on the same port and data. */
    private static void restartBroker() {
        assertThat(agent.isAlive()).isTrue();
        rabbit.stopServer();
        LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
        rabbit.startServer();
    }

    /** The agent's open (not ended) operation of this step, the latest. */
    private static Optional<JournalEntry> openStep(String step) {
        return journal.lasts().stream().filter(e -> e.step().equals(step) && !e.terminal()).reduce((a, b) -> b);
    }

    /** The first guest (in plan order) of the step's open operation. */
    private static Optional<String> firstGuest(String step) {
        return openStep(step).map(e -> e.data().get("guests").split(",")[0].split(":")[0]);
    }

    /** Whether the step's open operation has journaled {@code key + <its first guest>}. */
    private static boolean firstGuestHas(String step, String key) {
        return openStep(step).map(e -> e.data().containsKey(key + e.data().get("guests").split(",")[0].split(":")[0]))
                .orElse(false);
    }

    /** Whether an operation of this step is open on the guest (a managed save or a start from it under way). */
    private static boolean openOperation(String step, String uuid) {
        return journal.lasts().stream().anyMatch(e -> e.step().equals(step) && !e.terminal()
                && uuid.equals(e.data().get("uuid")));
    }

    /** Times the agent took the guest down: holds that saved it, and managed saves that ended DONE. */
    private static long takeDowns(String uuid) {
        return journal.lasts().stream().filter(e -> uuid.equals(e.data().get("uuid"))).filter(e ->
                e.step().equals("PRESERVE_REPLACE") && journal.count(e.operationId(), "SAVED") > 0
                        || e.step().equals("SUSPEND_TO_DISK") && e.phase().equals("DONE")).count();
    }

    private static boolean qemuRuns(String domain) {
        try {
            long pid = Long.parseLong(Files.readString(QEMU_RUN.resolve(domain + ".pid")).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** A script that writes {@code verb} to {@code <name>.log} and runs {@code command}. */
    private static Path logging(String name, String verb, String command) {
        try {
            Path script = dir.resolve(name);
            Files.writeString(script, "#!/bin/sh\necho " + verb + " >> " + dir.resolve(name + ".log") + "\nexec " + command + "\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            return script;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The agents' log lines on operations a killed agent left, and the managed saves made again (journal). */
    private static String leftByDeadAgents() throws IOException {
        List<String> found = new ArrayList<>();
        try (var logs = Files.list(dir)) {
            for (Path log : logs.filter(f -> f.getFileName().toString().startsWith("agent-")
                    && f.toString().endsWith(".log")).sorted().toList()) {
                Files.readAllLines(log).stream().filter(l -> l.contains("left by a stopped agent"))
                        .forEach(l -> found.add(log.getFileName() + ": " + l));
            }
        }
        journal.lasts().stream().filter(e -> e.step().equals("SUSPEND_TO_DISK") && e.data().containsKey("attempt"))
                .forEach(e -> found.add("journal: managed save of " + e.get("name") + " made again, attempt "
                        + e.get("attempt") + ", " + e.phase()));
        return String.join("\n", found);
    }

    private static long lines(String name) throws IOException {
        Path log = dir.resolve(name + ".log");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }
}
