package io.molt.service.application.campaign;

import io.molt.service.support.ServiceProcess;
import io.molt.service.support.ServiceTestEnvironment;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Service replicas as real processes, the lease holder killed with SIGKILL ({@link ProcessCampaigns}: the built
 * jar as three {@code molt serve} processes on one database and one broker prefix, one simulated cloud).
 * <ol>
 * <li>A reference campaign with no fault.</li>
 * <li>Campaigns over every host, one after another, while a killer waits a random time (0.2 to 2.5 s), finds
 *     the replica that holds the campaign's lease in the database and SIGKILLs it, if another replica is ready
 *     to take over; it then starts a new replica, so that three keep running and never fewer than two are
 *     ready at a kill. Until {@value #KILLS} kills have happened.</li>
 * </ol>
 * After each campaign, {@link ProcessCampaigns#campaign}'s after-conditions.
 */
class ReplicaProcessesIT {

    private static final int KILLS = 20;
    private static final int REPLICAS = 3;
    private static final String FAULT = "replica process holding the lease SIGKILLed (" + REPLICAS + " processes)";

    private static ServiceTestEnvironment env;
    private static ProcessCampaigns campaigns;

    private final Random random = new Random(20261203);

    @BeforeAll
    static void start() throws Exception {
        env = ServiceTestEnvironment.create("replicas", "compute-00000", "compute-00001", "compute-00002",
                "compute-00003");
        campaigns = ProcessCampaigns.start("ReplicaProcessesIT", ServiceTestEnvironment.AMQP_HOST, 5672, env.prefix(),
                List.of("--spring.datasource.url=" + env.database().url(),
                        "--spring.datasource.username=" + env.database().user()));
    }

    @AfterAll
    static void stop() {
        if (campaigns != null) {
            campaigns.close();
        }
        if (env != null) {
            env.close();
        }
    }

    @Test
    void campaignsEndWithEveryVmAccountedForWhileTheLeaseHolderIsKilled() throws Exception {
        long began = System.nanoTime();
        campaigns.startReplicas(REPLICAS);
        System.out.println("ReplicaProcessesIT: " + REPLICAS + " replicas ready after "
                + (System.nanoTime() - began) / 1_000_000 + " ms");
        campaigns.campaign("none (reference, " + REPLICAS + " processes)", id -> 0);
        int[] kills = {0};
        while (kills[0] < KILLS) {
            int before = kills[0];
            campaigns.campaign(FAULT, id -> {
                killWhileRunning(id, kills);
                return kills[0] - before;
            });
        }
        System.out.println("ReplicaProcessesIT: " + kills[0] + " kills, " + (System.nanoTime() - began) / 1_000_000
                + " ms in all");
    }

    /**
     * Until the campaign is final or {@code kills[0]} reaches {@value #KILLS}: waits a random time, then
     * SIGKILLs the replica that holds the campaign's lease if another one is ready, and starts a new one.
     */
    private void killWhileRunning(String id, int[] kills) throws Exception {
        while (kills[0] < KILLS && !ProcessCampaigns.isFinal(campaigns.stateOrUnknown(id))) {
            Thread.sleep(200 + random.nextInt(2300));
            Optional<ServiceProcess> holder = leaseHolder(id);
            if (holder.isEmpty() || campaigns.replicas().stream().noneMatch(r -> r != holder.get() && r.isReady())) {
                continue;
            }
            campaigns.kill(holder.get());
            kills[0]++;
            System.out.println("ReplicaProcessesIT: SIGKILLed " + holder.get().name() + ", the lease holder (kill "
                    + kills[0] + ")");
            campaigns.startReplica();
        }
    }

    /** The replica named as the campaign's lease owner, while its lease has not expired. */
    private Optional<ServiceProcess> leaseHolder(String id) throws Exception {
        try (Connection c = DriverManager.getConnection(env.database().url(), env.database().user(), null);
                PreparedStatement s = c.prepareStatement(
                        "SELECT lease_owner FROM campaign WHERE id = ? AND lease_until > now()")) {
            s.setObject(1, UUID.fromString(id));
            try (ResultSet rs = s.executeQuery()) {
                String owner = rs.next() ? rs.getString(1) : null;
                return campaigns.replicas().stream().filter(r -> r.name().equals(owner) && r.isAlive()).findFirst();
            }
        }
    }
}
