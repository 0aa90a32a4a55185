package io.molt.service.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.molt.service.application.campaign.CampaignRejected;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.plan.UpgradeTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.springframework.core.env.Environment;

/**
 * {@code molt bench campaign}: the cloud of {@code molt bench plan} simulated on the embedded infrastructure
 * (as the demo runs, but with the agents' heartbeats as deployed), one campaign
 * created through the API over every host, timed from the request to the answer (the campaign stored as a
 * dry run). Prints one JSON line: {@code create_ms} split into the {@code campaign.planned} event's
 * {@code observe_ms}, {@code plan_ms}, {@code document_ms}, and {@code persist_ms}, the rest (rows stored,
 * the answer sent); then {@code read_ms}, the best of three {@code GET /v1/campaigns/{id}} (the campaign as
 * the engine reads it at each pass).
 */
final class CampaignBench {

    /**
     * The agents' heartbeats as deployed (the host agent's {@code heartbeat.interval} and the service's
     * {@code molt.agents.offline-after} defaults), not the demo's every second: 10,000 simulated agents
     * reporting every second kept a core and the database busy while the campaign was created.
     */
    static final Duration AGENT_HEARTBEAT = Duration.ofSeconds(5);
    static final Duration AGENT_OFFLINE_AFTER = Duration.ofSeconds(30);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    String run(CloudSnapshot cloud, UpgradeTarget target, int maxDown, Path dataDir) throws Exception {
        try (EmbeddedDemo embedded = new EmbeddedDemo(dataDir, false)) {
            embedded.logToFile();
            long startUp = System.nanoTime();
            embedded.start(cloud, 0, 0.004, AGENT_HEARTBEAT, AGENT_OFFLINE_AFTER);
            long startMs = (System.nanoTime() - startUp) / 1_000_000;
            String api = "http://127.0.0.1:" + embedded.bean(Environment.class).getProperty("local.server.port")
                    + "/v1/campaigns";
            ObjectNode body = json.createObjectNode().put("name", "bench").put("target", target.name());
            cloud.hosts().stream().map(Host::name).forEach(body.withArray("hosts")::add);
            body.putObject("upgrade").putArray("command").add("true");
            body.putObject("options").put("max_hosts_down", maxDown).put("max_hosts_down_per_az", maxDown)
                    .put("max_hosts_down_per_aggregate", 1);
            long start = System.nanoTime();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(api))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            long createMs = (System.nanoTime() - start) / 1_000_000;
            if (created.statusCode() == 409 && created.body().contains("no safe plan")) {
                throw new CampaignRejected(CampaignRejected.Kind.NO_SAFE_PLAN, json.readTree(created.body())
                        .at("/conflictingRequest/message").asText());
            }
            if (created.statusCode() != 201) {
                throw new IllegalStateException("creating the campaign answered " + created.statusCode() + ": "
                        + created.body());
            }
            String id = json.readTree(created.body()).at("/campaign/id").asText();
            JsonNode detail = json.readTree(http.send(HttpRequest.newBuilder(URI.create(api + "/" + id
                    + "/events?after=0&limit=1")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .at("/events/0/detail");
            long readMs = Long.MAX_VALUE; // the campaign as the engine and GET /v1/campaigns/{id} read it: best of 3
            for (int i = 0; i < 3; i++) {
                long read = System.nanoTime();
                HttpResponse<String> shown = http.send(HttpRequest.newBuilder(URI.create(api + "/" + id)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (shown.statusCode() != 200) {
                    throw new IllegalStateException("reading the campaign answered " + shown.statusCode());
                }
                readMs = Math.min(readMs, (System.nanoTime() - read) / 1_000_000);
            }
            long observe = detail.path("observe_ms").asLong();
            long plan = detail.path("plan_ms").asLong();
            long document = detail.path("document_ms").asLong();
            return String.format(Locale.ROOT, "{\"hosts\":%d,\"vms\":%d,\"create_ms\":%d,\"observe_ms\":%d,"
                    + "\"plan_ms\":%d,\"document_ms\":%d,\"persist_ms\":%d,\"read_ms\":%d,\"start_ms\":%d,"
                    + "\"load_avg\":%.2f}",
                    cloud.hosts().size(), cloud.vms().size(), createMs, observe, plan, document,
                    createMs - observe - plan - document, readMs, startMs,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}
