package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.molt.protocol.Topology;
import io.molt.service.domain.campaign.Campaign;
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
import io.molt.service.support.ServiceTestEnvironment;
import io.molt.service.support.TenantListener;
import io.molt.service.support.TenantListener.Received;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tenant notifications of a campaign on the simulated cloud, consumed from the real RabbitMQ as a tenant's
 * listener would: the oslo.messaging envelope, per VM scheduled, start and end in this order with the notice
 * period between notice and start, per host and campaign the state changes, each message once.
 */
@SpringBootTest(properties = {"molt.simulation.enabled=true", "molt.simulation.time-scale=0.0005",
        "molt.simulation.heartbeat=200ms", "molt.agents.offline-after=2s", "molt.engine.tick=50ms",
        "molt.engine.lease-ttl=2s", "molt.notifications.publisher-id=molt.it-host"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class TenantNotificationsIT {

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("notify");
    private static final long NOTICE_SECONDS = 2;

    @Autowired
    CampaignService service;
    @Autowired
    Campaigns campaigns;
    @Autowired
    RabbitTemplate rabbit;
    @Autowired
    AmqpAdmin admin;
    @Autowired
    Topology topology;
    @Autowired
    JdbcClient db;
    @Autowired
    PlatformTransactionManager transactions;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @AfterAll
    static void cleanUp() {
        env.close();
    }

    @Test
    void everyVmHearsOfItsMaintenanceANoticePeriodBeforeItsHostStartsThenOfItsStartAndEnd() throws Exception {
        try (TenantListener tenant = new TenantListener(rabbit, admin, topology)) {
            observe(tenant);
        }
    }

    @Test
    void notificationsTheBrokerRefusesWaitInTheOutboxWithoutHoldingBackTheAgentsCommands() {
        admin.deleteExchange(topology.notificationsExchange());
        Campaign campaign = service.create(new CampaignRequest("unheard", new HostSelector(List.of("compute-00002"),
                null, null), UpgradeTarget.USERSPACE, new UpgradeSpec(List.of("/usr/bin/apt-get", "install", "-y",
                        "qemu-system-x86"), 600, "9000000"), CampaignOptions.defaults(), "test"));
        service.approve(campaign.id(), "test");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> service.find(campaign.id()).state() == CampaignState.DONE);
        assertThat(db.sql("SELECT count(*) FROM outbox WHERE exchange = ? AND published_at IS NULL AND last_error "
                + "IS NOT NULL").param(topology.notificationsExchange()).query(Long.class).single()).isPositive();

        try (TenantListener tenant = exchangeBackWithListener()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                tenant.drain();
                return tenant.campaignMoves(campaign.id()).size() == 3;
            });
            assertThat(tenant.campaignMoves(campaign.id())).containsExactly("PLANNED->APPROVED", "APPROVED->RUNNING",
                    "RUNNING->DONE");
            assertThat(db.sql("SELECT count(*) FROM outbox WHERE published_at IS NULL").query(Long.class).single())
                    .isZero();
        }
    }

    /**
     * Declares the notifications exchange again and binds a tenant's queue to it while the waiting outbox rows
     * are locked (the outbox skips locked rows), so that none goes out to an exchange with no queue bound yet.
     */
    private TenantListener exchangeBackWithListener() {
        return new TransactionTemplate(transactions).execute(tx -> {
            db.sql("SELECT id FROM outbox WHERE published_at IS NULL FOR UPDATE").query(Long.class).list();
            admin.declareExchange(new TopicExchange(topology.notificationsExchange(), true, false));
            return new TenantListener(rabbit, admin, topology);
        });
    }

    private void observe(TenantListener tenant) throws Exception {
        Campaign campaign = service.create(new CampaignRequest("notified", new HostSelector(
                List.of("compute-00000", "compute-00001"), null, null), UpgradeTarget.USERSPACE,
                new UpgradeSpec(List.of("/usr/bin/apt-get", "install", "-y", "qemu-system-x86"), 600, "9000000"),
                CampaignOptions.builder().allowedActions(EnumSet.allOf(Action.class)).noticePeriod(NOTICE_SECONDS)
                        .build(), "test"));
        List<VmAction> planned = campaigns.vms(campaign.id());

        service.approve(campaign.id(), "test");
        List<Received> seen = tenant.seen();
        Received firstNotice = await().atMost(Duration.ofSeconds(20)).until(tenant::receive,
                r -> r != null && r.eventType().equals("molt.maintenance.scheduled"));
        // the notice period holds the host: nothing of it starts while it runs
        await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(3)).until(() -> campaigns
                .hosts(campaign.id()).stream().allMatch(h -> h.state() == HostState.PENDING && !h.inFlight()));
        assertThat(firstNotice.data().path("window_start").asText()).isNotEmpty();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> service.find(campaign.id()).state() == CampaignState.DONE);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            tenant.drain();
            return seen.stream().filter(r -> r.eventType().equals("molt.maintenance.end")).count() == planned.size()
                    && seen.stream().anyMatch(r -> r.eventType().equals("molt.campaign.update")
                            && r.data().path("state").asText().equals("DONE"));
        });

        assertThat(seen).extracting(Received::publisherId).containsOnly("molt.it-host");
        assertThat(seen).extracting(Received::priority).containsOnly("INFO");
        assertThat(new HashSet<>(seen.stream().map(Received::messageId).toList())).as("each message once")
                .hasSize(seen.size());

        assertThat(tenant.campaignMoves(campaign.id())).containsExactly("PLANNED->APPROVED", "APPROVED->RUNNING",
                "RUNNING->DONE");

        Map<String, VmAction> done = campaigns.vms(campaign.id()).stream()
                .collect(Collectors.toMap(VmAction::vmUuid, Function.identity()));
        for (VmAction vm : planned) {
            List<Received> ofVm = tenant.ofVm(vm.vmUuid());
            assertThat(ofVm).as(vm.vmUuid()).extracting(Received::eventType).containsExactly(
                    "molt.maintenance.scheduled", "molt.maintenance.start", "molt.maintenance.end");
            Received scheduled = ofVm.get(0);
            Received start = ofVm.get(1);
            Received end = ofVm.get(2);
            assertThat(scheduled.payload().path("molt_object.name").asText()).isEqualTo("MaintenancePayload");
            assertThat(scheduled.payload().path("molt_object.version").asText()).isEqualTo("1.0");
            assertThat(scheduled.data().path("action").asText()).isEqualTo(vm.action().name());
            assertThat(scheduled.data().path("predicted_downtime_ms").asLong()).isEqualTo(vm.predictedDowntimeMs());
            assertThat(scheduled.data().path("project_id").asText()).startsWith("project-");
            assertThat(scheduled.data().path("host").asText()).isEqualTo(vm.sourceHost());
            assertThat(Duration.between(scheduled.timestamp(), start.timestamp()))
                    .as("notice period of " + vm.vmUuid()).isGreaterThanOrEqualTo(Duration.ofSeconds(NOTICE_SECONDS));
            assertThat(Instant.parse(scheduled.data().path("window_start").asText()))
                    .isEqualTo(scheduled.timestamp().plusSeconds(NOTICE_SECONDS));
            assertThat(end.data().path("state").asText()).isEqualTo("DONE");
            VmAction after = done.get(vm.vmUuid());
            if (after.actualDowntimeMs() != null) {
                assertThat(end.data().path("actual_downtime_ms").asLong()).isEqualTo(after.actualDowntimeMs());
            }
        }

        writeSamples(seen);
        List<CampaignHost> hosts = campaigns.hosts(campaign.id());
        assertThat(hosts).extracting(CampaignHost::wave).as("one host a wave").doesNotHaveDuplicates();
        Instant firstHostDone = seen.stream().filter(r -> r.eventType().equals("molt.host.update")
                && r.data().path("host").asText().equals(hosts.get(0).host())
                && r.data().path("state").asText().equals("DONE")).findFirst().orElseThrow().timestamp();
        Instant secondHostNoticed = seen.stream().filter(r -> r.eventType().equals("molt.maintenance.scheduled")
                && r.data().path("host").asText().equals(hosts.get(1).host())).findFirst().orElseThrow().timestamp();
        assertThat(secondHostNoticed).as("the next wave's notice runs while this wave works").isBefore(firstHostDone);

        for (CampaignHost host : hosts) {
            assertThat(tenant.hostStates(host.host())).as(host.host()).containsExactly("PRECHECKED", "PREPARED", "DISABLED", "EVACUATED",
                    "UPGRADED", "PRESERVED", "RESTORED", "VERIFIED", "ENABLED", "RETURNED", "DONE");
            Instant noticeOfHost = seen.stream().filter(r -> r.eventType().equals("molt.maintenance.scheduled")
                    && r.data().path("host").asText().equals(host.host())).map(Received::timestamp).min(Instant::compareTo)
                    .orElseThrow();
            Instant precheckedAt = seen.stream().filter(r -> r.eventType().equals("molt.host.update")
                    && r.data().path("host").asText().equals(host.host())).findFirst().orElseThrow().timestamp();
            assertThat(Duration.between(noticeOfHost, precheckedAt)).isGreaterThanOrEqualTo(
                    Duration.ofSeconds(NOTICE_SECONDS));
        }
    }

    /** The first message of each event type as received, for docs/notifications.md: target/notification-samples.txt. */
    private void writeSamples(List<Received> seen) throws Exception {
        StringBuilder out = new StringBuilder();
        seen.stream().collect(Collectors.toMap(Received::eventType, r -> r, (a, b) -> a, java.util.LinkedHashMap::new))
                .values().forEach(r -> out.append("# ").append(r.eventType()).append('\n').append(r.body())
                        .append('\n'));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "notification-samples.txt"), out);
    }
}
