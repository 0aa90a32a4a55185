package io.molt.service.adapter.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.molt.service.application.campaign.CampaignRequest;
import io.molt.service.application.campaign.CampaignService;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.HostSelector;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.UpgradeTarget;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.support.ServiceTestEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Scrapes {@code /actuator/prometheus} while campaigns run on the simulated cloud and checks the campaign
 * metrics against the database: hosts per state and step, hosts in maintenance, VMs per action and state,
 * live migrations in flight, data moved, downtime so far and its histogram, agents online. (Spring Boot's tests
 * turn metrics export off unless asked: {@link AutoConfigureObservability}.)
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "molt.simulation.enabled=true", "molt.simulation.time-scale=0.02", "molt.simulation.heartbeat=200ms",
        "molt.agents.offline-after=2s", "molt.engine.tick=50ms", "molt.engine.lease-ttl=2s",
        "molt.metrics.refresh=100ms"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CampaignMetricsIT {

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("metrics");
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(\\{(.*)})? (\\S+)$");

    @Autowired
    TestRestTemplate http;
    @Autowired
    CampaignService service;
    @Autowired
    Campaigns campaigns;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @AfterAll
    static void cleanUp() {
        env.close();
    }

    @Test
    void theMetricsFollowALiveMigrationCampaignAndAPreservingOne() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> value("molt_agents_online", Map.of()) == 4);
        assertThat(value("molt_agents", Map.of())).isEqualTo(4);

        Campaign migrating = create("compute-00000", Action.LIVE_MIGRATE);
        Map<String, String> ofMigrating = Map.of("campaign", migrating.id());
        List<VmAction> planned = campaigns.vms(migrating.id());
        assertThat(planned).allMatch(v -> v.action() == Action.LIVE_MIGRATE);
        await().atMost(Duration.ofSeconds(5)).until(() -> value("molt_hosts", Map.of("campaign", migrating.id(),
                "state", "PENDING", "step", "none")) == 1);
        assertThat(value("molt_campaign_info", Map.of("campaign", migrating.id(), "state", "PLANNED"))).isEqualTo(1);

        service.approve(migrating.id(), "test");
        AtomicBoolean sawMigration = new AtomicBoolean();
        AtomicBoolean sawMaintenance = new AtomicBoolean();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> {
            String page = scrape();
            if (sawMigration.compareAndSet(false, value(page, "molt_live_migrations_in_flight", Map.of()) >= 1)) {
                writeSample(page);
            }
            sawMaintenance.compareAndSet(false, value(page, "molt_hosts_in_maintenance", Map.of()) == 1);
            assertThat(value(page, "molt_hosts", ofMigrating)).as("one host, whatever its state").isIn(0.0, 1.0);
            return service.find(migrating.id()).state() == CampaignState.DONE;
        });
        assertThat(sawMigration).as("a live migration was seen in flight").isTrue();
        assertThat(sawMaintenance).as("the host was seen in maintenance").isTrue();

        double movedMib = campaigns.vms(migrating.id()).stream().mapToDouble(VmAction::movedMib).sum();
        assertThat(movedMib).isPositive();
        await().atMost(Duration.ofSeconds(5)).until(() -> value("molt_hosts", Map.of("campaign", migrating.id(),
                "state", "DONE", "step", "none")) == 1);
        String page = scrape();
        assertThat(value(page, "molt_vms", Map.of("campaign", migrating.id(), "action", "LIVE_MIGRATE",
                "state", "DONE"))).isEqualTo(planned.size());
        assertThat(value(page, "molt_moved_bytes", ofMigrating)).isCloseTo(movedMib * 1048576, within(1));
        assertThat(value(page, "molt_live_migrations_in_flight", Map.of())).isZero();
        assertThat(value(page, "molt_hosts_in_maintenance", Map.of())).isZero();
        assertThat(value(page, "molt_campaign_info", Map.of("campaign", migrating.id(), "state", "DONE"))).isEqualTo(1);

        Campaign preserving = create("compute-00001", Action.PRESERVE);
        double countBefore = value(page, "molt_vm_downtime_seconds_count", Map.of("action", "PRESERVE"));
        service.approve(preserving.id(), "test");
        await().atMost(Duration.ofSeconds(90)).until(() -> service.find(preserving.id()).state() == CampaignState.DONE);
        List<VmAction> preserved = campaigns.vms(preserving.id());
        long measured = preserved.stream().filter(v -> v.actualDowntimeMs() != null).count();
        double downtimeSeconds = preserved.stream().filter(v -> v.actualDowntimeMs() != null)
                .mapToLong(VmAction::actualDowntimeMs).sum() / 1000.0;
        assertThat(measured).isEqualTo(preserved.size());
        await().atMost(Duration.ofSeconds(5)).until(() -> value("molt_vms", Map.of("campaign", preserving.id(),
                "action", "PRESERVE", "state", "DONE")) == preserved.size());
        String last = scrape();
        assertThat(value(last, "molt_vm_downtime_seconds_count", Map.of("action", "PRESERVE")) - countBefore)
                .isEqualTo(measured);
        assertThat(value(last, "molt_vm_downtime_seconds_bucket", Map.of("action", "PRESERVE", "le", "+Inf"))
                - countBefore).isEqualTo(measured);
        assertThat(value(last, "molt_downtime_seconds", Map.of("campaign", preserving.id(), "action", "PRESERVE")))
                .isCloseTo(downtimeSeconds, within(0.001));
        assertThat(value(last, "molt_moved_bytes", Map.of("campaign", preserving.id()))).isZero();
        assertThat(metricsOfTheDashboard()).as("what docs/grafana/molt-campaigns.json queries is scraped")
                .isNotEmpty().allMatch(name -> last.contains("\n" + name + "{") || last.contains("\n" + name + " "));
    }

    private static Set<String> metricsOfTheDashboard() throws java.io.IOException {
        String dashboard = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "grafana",
                "molt-campaigns.json"));
        Set<String> names = new java.util.TreeSet<>();
        Matcher m = Pattern.compile("molt_[a-z_]+").matcher(dashboard);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static org.assertj.core.data.Offset<Double> within(double offset) {
        return org.assertj.core.data.Offset.offset(offset);
    }

    private Campaign create(String host, Action action) {
        return service.create(new CampaignRequest("metrics " + host, new HostSelector(List.of(host), null, null),
                UpgradeTarget.USERSPACE, new UpgradeSpec(List.of("/usr/bin/apt-get", "install", "-y", "qemu"), 600,
                        "9000000"), CampaignOptions.builder().allowedActions(EnumSet.of(action)).build(), "test"));
    }

    /** The campaign metrics of a scrape during the live migration, for docs/metrics.md: target/metrics-sample.txt. */
    private static void writeSample(String page) throws java.io.IOException {
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "metrics-sample.txt"), page.lines()
                .filter(l -> l.startsWith("molt_") || l.startsWith("# HELP molt_") || l.startsWith("# TYPE molt_"))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n")));
    }

    private String scrape() {
        var response = http.getForEntity("/actuator/prometheus", String.class);
        assertThat(response.getStatusCode().is2xxSuccessful()).as(response.getBody()).isTrue();
        return response.getBody();
    }

    private double value(String name, Map<String, String> labels) {
        return value(scrape(), name, labels);
    }

    /** The sum of the samples of {@code name} that carry every one of {@code labels}; 0 when there is none. */
    private static double value(String page, String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : page.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            String given = m.group(3) == null ? "" : m.group(3);
            List<String> pairs = new ArrayList<>();
            labels.forEach((k, v) -> pairs.add(k + "=\"" + v + "\""));
            if (Set.of(given.split(",")).containsAll(pairs)) {
                sum += Double.parseDouble(m.group(4));
            }
        }
        return sum;
    }
}
