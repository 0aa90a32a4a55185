package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.molt.service.adapter.simulation.SimulatedAgents;
import io.molt.service.adapter.simulation.SimulatedCloud;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.ConcurrentChange;
import io.molt.service.domain.campaign.HostSelector;
import io.molt.service.domain.campaign.HostState;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.UpgradeTarget;
import io.molt.service.domain.port.AgentCommands;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.domain.port.Outbox;
import io.molt.service.support.DoomedStatements;
import io.molt.service.support.ServiceTestEnvironment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Faults injected during real campaigns on the simulated cloud (real PostgreSQL, the real engine code, the
 * simulated agents), one kind after another over the same cloud, each campaign upgrading all its hosts:
 * <ol>
 * <li>no fault (the reference: how many commands a campaign runs on each host);</li>
 * <li>two replicas reconciling at once, each killed at a random database statement (any point of its work:
 *     mid-transaction, between a command's journal and its send, between a send and its record), then
 *     replaced by a new replica once its lease has expired, until the campaign ends;</li>
 * <li>the service's database sessions terminated by PostgreSQL ({@code pg_terminate_backend}) mid-campaign;</li>
 * <li>every agent report sent twice, the copy late (duplicated and reordered reports);</li>
 * <li>every command delivered twice;</li>
 * <li>the agents' clocks an hour ahead, then an hour behind.</li>
 * </ol>
 * After each campaign: DONE, every VM of the cloud still there and running where it ran, on the host the
 * campaign put it, no host left disabled, no VM live-migrated more often than its plan says, and no host's
 * agent made to run more commands than the reference campaign ran there. Prints the table of docs/reliability.md.
 */
@SpringBootTest(properties = {"molt.simulation.enabled=true", "molt.simulation.time-scale=0.0005",
        "molt.simulation.heartbeat=200ms", "molt.agents.offline-after=2s", "molt.engine.enabled=false",
        "molt.engine.tick=50ms", "molt.engine.lease-ttl=300ms"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class FaultSuiteIT {

    private static final Logger log = LoggerFactory.getLogger(FaultSuiteIT.class);
    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("faults");
    private static final int REPLICA_KILLS = 20;
    private static final int SESSION_KILLS = 5;
    private static final List<String> rows = new ArrayList<>();

    @TestConfiguration
    static class Faults {
        @Bean
        static DoomedStatements doomedStatements() {
            return new DoomedStatements();
        }
    }

    @Autowired
    CampaignService service;
    @Autowired
    Campaigns campaigns;
    @Autowired
    SimulatedCloud cloud;
    @Autowired
    SimulatedAgents agents;
    @Autowired
    CloudObserver observer;
    @Autowired
    AgentCommands commands;
    @Autowired
    Outbox outbox;
    @Autowired
    EngineSettings settings;

    private final Random random = new Random(20261203);
    private final AtomicInteger replicaNames = new AtomicInteger();
    private Map<String, Integer> commandsPerHost;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @AfterAll
    static void cleanUp() {
        System.out.println("FaultSuiteIT:\n| fault | count | campaigns DONE | paused | VMs lost | hosts left disabled |\n"
                + "|---|---|---|---|---|---|\n" + String.join("\n", rows));
        env.close();
    }

    @Test
    void everyCampaignEndsWithEveryVmAccountedForWhateverFails() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> cloud.snapshot().hosts().stream()
                .allMatch(h -> observer.agentOnline(h.name())));
        commandsPerHost = null;
        campaign("none (reference)", 0, replicas(1, null), () -> 0);

        AtomicInteger kills = new AtomicInteger();
        while (kills.get() < REPLICA_KILLS) {
            int killedBefore = kills.get();
            campaign("replica killed at a random statement (2 replicas)", -1, replicas(2, kills::incrementAndGet),
                    () -> kills.get() - killedBefore);
        }

        AtomicInteger terminated = new AtomicInteger();
        while (terminated.get() < SESSION_KILLS) {
            int terminatedBefore = terminated.get();
            campaign("database sessions terminated (as by a PostgreSQL restart)", -1,
                    withSessionKiller(replicas(1, null), terminated), () -> terminated.get() - terminatedBefore);
        }

        int copiedBefore = agents.copyReports(true);
        campaign("agent reports duplicated and late (reordered)", -1, replicas(1, null),
                () -> agents.copyReports(true) - copiedBefore);
        agents.copyReports(false);

        int deliveredBefore = agents.copyCommands(true);
        campaign("commands delivered twice", -1, replicas(1, null), () -> agents.copyCommands(true) - deliveredBefore);
        agents.copyCommands(false);

        for (Duration off : List.of(Duration.ofHours(1), Duration.ofHours(-1))) {
            agents.clockOffset(off);
            campaign("agent clocks off by " + off.toHours() + " h", 1, replicas(1, null), () -> 1);
        }
        agents.clockOffset(Duration.ZERO);
    }

    /** How the campaign is driven until it ends: a function of its id that returns once it is final. */
    private interface Driver {
        void drive(String campaignId) throws Exception;
    }

    private interface Count {
        int get();
    }

    /**
     * Runs one campaign over every host with {@code driver} and checks the outcome; adds a row to the table.
     * {@code fixedCount} is the row's fault count when not negative, else {@code count} after the campaign.
     */
    private void campaign(String fault, int fixedCount, Driver driver, Count count) throws Exception {
        CloudSnapshot before = cloud.snapshot();
        List<String> hosts = before.hosts().stream().map(Host::name).toList();
        Map<String, Integer> commandsBefore = hosts.stream().collect(Collectors.toMap(h -> h, agents::commandsRun));
        Map<String, Integer> migrationsBefore = CloudAftermath.migrationsStarted(cloud, before);
        Campaign campaign = service.create(new CampaignRequest("faults: " + fault, new HostSelector(hosts, null, null),
                UpgradeTarget.USERSPACE, new UpgradeSpec(List.of("/usr/local/sbin/upgrade"), 600, null),
                CampaignOptions.builder().allowedActions(EnumSet.of(Action.LIVE_MIGRATE, Action.PRESERVE))
                        .downtimeSlackMs(0).build(), "test"));
        List<VmAction> planned = campaigns.vms(campaign.id());
        service.approve(campaign.id(), "test");

        driver.drive(campaign.id());

        settle(campaign.id());
        Campaign ended = service.find(campaign.id());
        CloudAftermath aftermath = CloudAftermath.of(fault, before, cloud, migrationsBefore);
        campaigns.events(campaign.id(), 0, 100_000).forEach(e -> aftermath.event(e.type(), e.vmUuid(), e.message()));
        rows.add("| %s | %d | %d | %d | %d | %d |".formatted(fault, fixedCount >= 0 ? fixedCount : count.get(),
                ended.state() == CampaignState.DONE ? 1 : 0, ended.state() == CampaignState.PAUSED ? 1 : 0,
                aftermath.vmsLost(), aftermath.hostsDisabled()));

        assertThat(ended.state()).as("%s: %s (%s)", fault, ended.state(), ended.stateReason())
                .isEqualTo(CampaignState.DONE);
        assertThat(campaigns.hosts(campaign.id())).extracting(CampaignHost::state).containsOnly(HostState.DONE);
        // no migration repeated: as many started as completed, and each VM where its last completed one put it
        aftermath.assertAccountedFor(cloud);
        assertThat(planned).as("the plan").isNotEmpty();
        Map<String, Integer> run = hosts.stream()
                .collect(Collectors.toMap(h -> h, h -> agents.commandsRun(h) - commandsBefore.get(h)));
        if (commandsPerHost == null) {
            commandsPerHost = run;
        } else {
            assertThat(run).as(fault + ": commands each host's agent ran").isEqualTo(commandsPerHost);
        }
        log.info("fault suite: {} -> {}", fault, rows.get(rows.size() - 1));
    }

    /**
     * {@code count} replicas at once; with {@code onKill}, each dies at a random statement, {@code onKill} is
     * told, and a new replica takes its slot.
     */
    private Driver replicas(int count, Runnable onKill) {
        return campaignId -> {
            AtomicBoolean ended = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Thread t = new Thread(() -> {
                    try {
                        runReplicas(campaignId, onKill, ended);
                    } catch (Throwable e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                        ended.set(true);
                    }
                }, "fault-suite-replica-slot-" + i);
                threads.add(t);
                t.start();
            }
            try {
                await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(50))
                        .until(() -> ended.get() || isFinal(campaignId));
            } finally {
                ended.set(true);
                for (Thread t : threads) {
                    t.join(30_000);
                }
            }
            assertThat(failures).as("replica threads").isEmpty();
        };
    }

    /** One slot: a replica passes over the campaign until it ends; a killed one is replaced by a new one. */
    private void runReplicas(String campaignId, Runnable onKill, AtomicBoolean ended)
            throws InterruptedException {
        while (!ended.get()) {
            CampaignReconciler replica = newReplica();
            if (onKill != null) {
                DoomedStatements.doom(1 + random.nextInt(120));
            }
            try {
                while (!ended.get() && !isFinal(campaignId)) {
                    pass(replica, campaignId);
                    Thread.sleep(settings.leaseTtl().toMillis() / 6);
                }
                return;
            } catch (DoomedStatements.Death death) {
                onKill.run();
                Thread.sleep(settings.leaseTtl().toMillis());  // the dead replica's lease is left to expire
            } finally {
                DoomedStatements.spare();
            }
        }
    }

    /** Waits until the pool holds no connection that a fault left dead: a dozen reads in a row succeed. */
    private void settle(String campaignId) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            for (int i = 0; i < 12; i++) {
                service.find(campaignId);
            }
            return true;
        });
    }

    /** Whether the campaign ended; false while the database cannot tell (the faults include its sessions'). */
    private boolean isFinal(String campaignId) {
        try {
            return service.find(campaignId).state().isFinal();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private CampaignReconciler newReplica() {
        EngineSettings own = settings.withOwner("replica-" + replicaNames.incrementAndGet());
        return new CampaignReconciler(campaigns, cloud, observer, commands, outbox, own, (id, host, boundary) -> {
        }, Clock.systemUTC());
    }

    /** One pass as the engine makes it: errors other than a replica's death are logged and the next pass retries. */
    private void pass(CampaignReconciler replica, String campaignId) {
        try {
            outbox.publishPending(100);
            replica.reconcile(campaignId);
        } catch (ConcurrentChange e) {
            // another replica moved first: read and decide again on the next pass
        } catch (RuntimeException e) {
            log.info("fault suite: pass failed, the next one retries: {}", e.toString());
        }
    }

    /**
     * While {@code driver} runs, terminates every database session of the service (what a PostgreSQL restart
     * does to them) once a second, {@value #SESSION_KILLS} times.
     */
    private Driver withSessionKiller(Driver driver, AtomicInteger terminated) {
        return campaignId -> {
            AtomicBoolean done = new AtomicBoolean();
            Thread killer = new Thread(() -> {
                try (Connection admin = DriverManager.getConnection(env.database().url(), env.database().user(), null)) {
                    while (!done.get() && terminated.get() < SESSION_KILLS) {
                        Thread.sleep(1000);
                        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery(
                                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                        + "WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
                            rs.next();
                            if (rs.getInt(1) > 0) {
                                terminated.incrementAndGet();
                            }
                        }
                    }
                } catch (Exception e) {
                    log.warn("fault suite: session killer stopped: {}", e.toString());
                }
            }, "fault-suite-session-killer");
            killer.start();
            try {
                driver.drive(campaignId);
            } finally {
                done.set(true);
                killer.join(10_000);
            }
        };
    }
}
