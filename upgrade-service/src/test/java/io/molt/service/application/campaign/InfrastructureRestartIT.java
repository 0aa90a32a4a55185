package io.molt.service.application.campaign;

import io.molt.service.support.PrivatePostgres;
import io.molt.service.support.PrivateRabbitMq;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL and RabbitMQ restarted mid-campaign: two service replicas (processes of the built jar,
 * {@link ProcessCampaigns}) on a PostgreSQL cluster and a RabbitMQ node of this test's own
 * ({@link PrivatePostgres}, {@link PrivateRabbitMq}: the machine's shared servers are never touched), with the
 * simulated cloud's agents on that broker.
 * <ol>
 * <li>A reference campaign with no fault.</li>
 * <li>Campaigns while the broker is stopped (SIGTERM, a clean shutdown) at a random point, left down 1 to 4 s
 *     and started again on the same port and data, up to {@value #RESTARTS_PER_CAMPAIGN} times a campaign,
 *     until {@value #RESTARTS} restarts have happened.</li>
 * <li>The same with PostgreSQL ({@code pg_ctl stop -m fast}, which ends every session, then start).</li>
 * </ol>
 * The service must carry on: after each campaign, {@link ProcessCampaigns#campaign}'s after-conditions.
 */
class InfrastructureRestartIT {

    private static final int RESTARTS = 3;
    private static final int RESTARTS_PER_CAMPAIGN = 2;

    private static PrivatePostgres postgres;
    private static PrivateRabbitMq rabbit;
    private static ProcessCampaigns campaigns;

    private final Random random = new Random(20261204);

    @BeforeAll
    static void start() throws Exception {
        postgres = PrivatePostgres.start();
        rabbit = PrivateRabbitMq.start();
        campaigns = ProcessCampaigns.start("InfrastructureRestartIT", rabbit.host(), rabbit.port(), "molt",
                List.of("--spring.datasource.url=" + postgres.url(), "--spring.datasource.username=postgres"));
    }

    @AfterAll
    static void stop() {
        if (campaigns != null) {
            campaigns.close();
        }
        if (rabbit != null) {
            rabbit.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void campaignsCarryOnWhenTheBrokerOrTheDatabaseRestarts() throws Exception {
        long began = System.nanoTime();
        campaigns.startReplicas(2);
        campaigns.campaign("none (reference, 2 processes, private PostgreSQL and RabbitMQ)", id -> 0);
        restarting("RabbitMQ restarted mid-campaign (2 processes)", rabbit::stopServer, rabbit::startServer);
        restarting("PostgreSQL restarted mid-campaign (2 processes)", postgres::stopServer, postgres::startServer);
        System.out.println("InfrastructureRestartIT: " + (System.nanoTime() - began) / 1_000_000 + " ms in all");
    }

    private void restarting(String fault, Runnable stop, Runnable start) throws Exception {
        int[] restarts = {0};
        while (restarts[0] < RESTARTS) {
            int before = restarts[0];
            campaigns.campaign(fault, id -> {
                while (restarts[0] - before < RESTARTS_PER_CAMPAIGN && restarts[0] < RESTARTS) {
                    Thread.sleep(500 + random.nextInt(2500));
                    if (ProcessCampaigns.isFinal(campaigns.stateOrUnknown(id))) {
                        break;
                    }
                    stop.run();
                    Thread.sleep(1000 + random.nextInt(3000));
                    start.run();
                    restarts[0]++;
                    System.out.println("InfrastructureRestartIT: " + fault + " (" + restarts[0] + ")");
                }
                return restarts[0] - before;
            });
        }
    }
}
