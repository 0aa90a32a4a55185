package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.molt.protocol.Topology;
import io.molt.service.adapter.simulation.SimulatedAgents;
import io.molt.service.adapter.simulation.SimulatedCloud;
import io.molt.service.adapter.simulation.SimulatedCloudServer;
import io.molt.service.adapter.simulation.SimulatedTimings;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import io.molt.service.domain.plan.CostParameters;
import io.molt.service.support.BrokerSimulatedAgents;
import io.molt.service.support.ServiceProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Campaigns run by service replicas that are processes of their own (the built jar, {@link ServiceProcess})
 * on a simulated cloud of 4 hosts and 16 VMs that this JVM serves ({@link SimulatedCloudServer}) with its agents
 * behind the broker ({@link BrokerSimulatedAgents}): cloud and agents outlive the replicas, the database and
 * the broker, as Nova and the hosts do. {@link #campaign} runs one campaign over every host through the API,
 * lets a fault driver act until it ends, and checks the after-conditions of issue 16:
 * <ol>
 * <li>the campaign is DONE and each of its hosts DONE;</li>
 * <li>every VM is still there, in the state it was in, on the host its last completed live migration (in the
 *     campaign's events) put it;</li>
 * <li>no VM was live-migrated more often than the events record a completed migration (none repeated);</li>
 * <li>every host is enabled and its nova-compute up;</li>
 * <li>each host's agent ran as many commands as in the first campaign (the reference, no fault): none twice.</li>
 * </ol>
 * Each campaign adds a row to the table of docs/reliability.md.
 */
final class ProcessCampaigns implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** How a fault acts on a running campaign until it is final; returns how many faults it injected. */
    interface Driver {
        int drive(String campaignId) throws Exception;
    }

    private final String name;
    private final Path logs;
    private final SimulatedCloud cloud;
    private final SimulatedCloudServer cloudServer;
    private final BrokerSimulatedAgents agents;
    private final List<String> properties;
    private final List<ServiceProcess> replicas = new CopyOnWriteArrayList<>();
    private final List<String> rows = new ArrayList<>();
    /** Per fault, summed over its campaigns: faults, campaigns DONE, paused, VMs lost, hosts left disabled. */
    private final Map<String, long[]> totals = new java.util.LinkedHashMap<>();
    private Map<String, Integer> commandsPerHost;
    private int replicaNames;

    private ProcessCampaigns(String name, Path logs, SimulatedCloud cloud, SimulatedCloudServer cloudServer,
            BrokerSimulatedAgents agents, List<String> properties) {
        this.name = name;
        this.logs = logs;
        this.cloud = cloud;
        this.cloudServer = cloudServer;
        this.agents = agents;
        this.properties = properties;
    }

    /**
     * The simulated cloud, its server and its agents on the broker at {@code amqpHost:amqpPort} under
     * {@code prefix}; replicas get {@code databaseProperties} and the engine's short timings. {@code name}: the
     * test's, for its logs under target/it-logs.
     */
    static ProcessCampaigns start(String name, String amqpHost, int amqpPort, String prefix,
            List<String> databaseProperties) throws IOException {
        Path logs = Files.createDirectories(Path.of("target/it-logs", name));
        SimulatedTimings timings = new SimulatedTimings(CostParameters.DEFAULTS, 0.002);
        SimulatedCloud cloud = new SimulatedCloud(SyntheticCloud.generate(new SyntheticCloudSpec(4, 4, 1, 1, 20, 1.0,
                0.5, 0.0, 0.0, 0.0)), timings);
        SimulatedCloudServer server = SimulatedCloudServer.start(cloud, new InetSocketAddress("127.0.0.1", 0));
        BrokerSimulatedAgents agents = BrokerSimulatedAgents.start(amqpHost, amqpPort, new Topology(prefix), cloud,
                timings, "9000000", Duration.ofMillis(300));
        List<String> properties = new ArrayList<>(databaseProperties);
        properties.addAll(List.of(
                "--spring.rabbitmq.host=" + amqpHost,
                "--spring.rabbitmq.port=" + amqpPort,
                "--molt.amqp.prefix=" + prefix,
                "--molt.simulation.enabled=false",
                "--molt.simulation.cloud-url=" + server.uri(),
                "--molt.auth.mode=noauth",
                "--molt.agents.offline-after=5s",
                "--molt.engine.tick=100ms",
                "--molt.engine.lease-ttl=1500ms",
                "--molt.engine.agent-step-timeout=30s",
                "--spring.datasource.hikari.maximum-pool-size=4"));
        return new ProcessCampaigns(name, logs, cloud, server, agents, List.copyOf(properties));
    }

    /** Starts {@code count} replicas (after the class data archive is made) and waits until all are ready. */
    void startReplicas(int count) throws Exception {
        ServiceProcess.prepare(logs, properties);
        for (int i = 0; i < count; i++) {
            startReplica();
        }
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> replicas.stream().filter(ServiceProcess::isReady).count() == count);
        int hosts = cloud.snapshot().hosts().size();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> agentsOnline() == hosts);
    }

    /** A new replica (named {@code replica-N}); it joins once it is up. */
    ServiceProcess startReplica() {
        replicaNames++;
        ServiceProcess replica = ServiceProcess.start("replica-" + replicaNames, logs, properties);
        replicas.add(replica);
        return replica;
    }

    /** SIGKILLs a replica; it is no longer one of them. */
    void kill(ServiceProcess replica) {
        replica.kill();
        replicas.remove(replica);
    }

    List<ServiceProcess> replicas() {
        return List.copyOf(replicas);
    }

    SimulatedAgents agents() {
        return agents.agents();
    }


    /** Runs one campaign over every host while {@code driver} acts, checks what is left, adds its row. */
    void campaign(String fault, Driver driver) throws Exception {
        CloudSnapshot before = cloud.snapshot();
        List<String> hosts = before.hosts().stream().map(Host::name).toList();
        SimulatedAgents simulated = agents.agents();
        Map<String, Integer> commandsBefore = hosts.stream().collect(Collectors.toMap(h -> h, simulated::commandsRun));
        Map<String, Integer> migrationsBefore = CloudAftermath.migrationsStarted(cloud, before);
        ObjectNode request = JSON.createObjectNode().put("name", name + ": " + fault).put("target", "USERSPACE");
        request.set("hosts", JSON.valueToTree(hosts));
        request.set("upgrade", JSON.createObjectNode().put("timeout_seconds", 600)
                .set("command", JSON.valueToTree(List.of("/usr/local/sbin/upgrade"))));
        String id = call("POST", "/v1/campaigns", request).path("campaign").path("id").asText();
        call("POST", "/v1/campaigns/" + id + "/approve", null);

        long began = System.nanoTime();
        int count = driver.drive(id);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> isFinal(state(id)));
        long tookMs = (System.nanoTime() - began) / 1_000_000;

        JsonNode campaign = call("GET", "/v1/campaigns/" + id, null).path("campaign");
        String state = campaign.path("state").asText();
        CloudAftermath aftermath = CloudAftermath.of(fault, before, cloud, migrationsBefore);
        List<String> retried = new ArrayList<>();
        for (JsonNode e : call("GET", "/v1/campaigns/" + id + "/events?after=0&limit=1000", null).path("events")) {
            aftermath.event(e.path("type").asText(), e.path("vm_uuid").asText(), e.path("message").asText());
            if ("host.step.retried".equals(e.path("type").asText())) {
                retried.add(e.path("occurred_at").asText() + " " + e.path("message").asText());
            }
        }
        rows.add("| %s | %d | %d | %d | %d | %d |".formatted(fault, count, "DONE".equals(state) ? 1 : 0,
                "PAUSED".equals(state) ? 1 : 0, aftermath.vmsLost(), aftermath.hostsDisabled()));
        long[] sum = totals.computeIfAbsent(fault, k -> new long[5]);
        long[] row = {count, "DONE".equals(state) ? 1 : 0, "PAUSED".equals(state) ? 1 : 0, aftermath.vmsLost(),
                aftermath.hostsDisabled()};
        for (int i = 0; i < sum.length; i++) {
            sum[i] += row[i];
        }
        System.out.println(name + ": " + rows.get(rows.size() - 1) + " in " + tookMs + " ms");

        assertThat(state).as("%s: %s (%s)", fault, state, campaign.path("state_reason").asText()).isEqualTo("DONE");
        List<String> hostStates = new ArrayList<>();
        call("GET", "/v1/campaigns/" + id + "/hosts", null).path("hosts")
                .forEach(h -> hostStates.add(h.path("state").asText()));
        assertThat(hostStates).as(fault + ": hosts").hasSize(hosts.size()).containsOnly("DONE");
        aftermath.assertAccountedFor(cloud);
        Map<String, Integer> run = hosts.stream()
                .collect(Collectors.toMap(h -> h, h -> simulated.commandsRun(h) - commandsBefore.get(h)));
        if (commandsPerHost == null) {
            commandsPerHost = run;
        } else {
            assertThat(run).as("%s: commands each host's agent ran (steps retried: %s)", fault, retried)
                    .isEqualTo(commandsPerHost);
        }
    }

    /** The campaign's state as a replica reads it; "UNKNOWN" while none answers. */
    String stateOrUnknown(String id) {
        try {
            return state(id);
        } catch (Exception | AssertionError e) {
            return "UNKNOWN";
        }
    }

    static boolean isFinal(String state) {
        return Set.of("DONE", "ABORTED", "FAILED", "PAUSED").contains(state);
    }

    @Override
    public void close() {
        StringBuilder table = new StringBuilder(name + " (each fault's campaigns summed):\n"
                + "| fault | count | campaigns DONE | paused | VMs lost | hosts left disabled |\n|---|---|---|---|---|---|\n");
        totals.forEach((fault, t) -> table.append("| %s | %d | %d | %d | %d | %d |%n".formatted(fault, t[0], t[1], t[2],
                t[3], t[4])));
        System.out.println(table);
        replicas.forEach(ServiceProcess::close);
        agents.close();
        cloudServer.close();
    }

    private String state(String id) throws Exception {
        return call("GET", "/v1/campaigns/" + id, null).path("campaign").path("state").asText();
    }

    private long agentsOnline() throws Exception {
        long online = 0;
        for (JsonNode a : call("GET", "/v1/agents", null).path("agents")) {
            online += "online".equals(a.path("status").asText()) ? 1 : 0;
        }
        return online;
    }

    /**
     * One API call on the first replica that answers it with 2xx (a replica whose database or broker is down
     * answers 5xx, a killed one not at all); fails when none does.
     */
    JsonNode call(String method, String path, JsonNode body) throws Exception {
        String last = "no replica running";
        for (ServiceProcess r : List.copyOf(replicas)) {
            if (!r.isAlive()) {
                continue;
            }
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(r.base() + path))
                        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json");
                request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
                HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return JSON.readTree(response.body());
                }
                last = r.name() + " answered " + response.statusCode() + ": " + response.body();
                if (response.statusCode() / 100 == 4) {
                    break;
                }
            } catch (IOException e) {
                last = r.name() + ": " + e;
            }
        }
        throw new AssertionError(method + " " + path + ": " + last);
    }
}
