package io.molt.service.adapter.nova;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.molt.service.domain.cloud.CloudException;
import io.molt.service.support.DevCloudCredentials;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The dev cloud started by dev/devcloud/up, for the Nova adapter's integration tests: its admin
 * credentials (from {@code MOLT_DEVCLOUD_RC}, default /var/lib/molt-devcloud/admin-openrc), its scripts, and
 * REST helpers that create what the tests need. Missing credentials fail the test: never a silent skip.
 */
public final class DevCloud {

    public static final Path REPO_ROOT = findRepoRoot();
    public static final List<String> HOSTS = List.of("compute-1", "compute-2", "compute-3", "compute-4");

    private final Map<String, String> rc;
    final NovaRest rest;
    private final KeystoneSession session;

    private DevCloud(Map<String, String> rc) {
        this.rc = rc;
        NovaProperties properties = properties(new NovaProperties.Retry(3, Duration.ofMillis(200), Duration.ofSeconds(1)));
        HttpClient http = HttpClient.newHttpClient();
        this.session = new KeystoneSession(properties, http, Clock.systemUTC());
        this.rest = new NovaRest(session, http, properties);
    }

    public static DevCloud connect() {
        return new DevCloud(DevCloudCredentials.load());
    }

    NovaProperties properties(NovaProperties.Retry retry) {
        return new NovaProperties(true, URI.create(rc.get("OS_AUTH_URL")), rc.get("OS_REGION_NAME"), "public",
                rc.get("OS_USERNAME"), rc.get("OS_PASSWORD"), rc.getOrDefault("OS_USER_DOMAIN_NAME", "Default"),
                rc.get("OS_PROJECT_NAME"), rc.getOrDefault("OS_PROJECT_DOMAIN_NAME", "Default"), null, null,
                Duration.ofSeconds(5), Duration.ofSeconds(60), retry, Duration.ofMillis(250), Duration.ofMinutes(2), null);
    }

    /** The adapter as the tests use it: retries bounded so that a restarting nova-api is waited for. */
    public NovaComputeCloud cloud() {
        return new NovaComputeCloud(properties(new NovaProperties.Retry(40, Duration.ofMillis(250), Duration.ofSeconds(2))));
    }

    /** A prefix unique to one test run, so that tests never see one another's servers. */
    public static String uniquePrefix(String what) {
        return "it-" + what + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    /** Runs a dev cloud script, e.g. {@code script("service", "stop", "nova-api")}; fails if it fails. */
    public static String script(String... args) {
        List<String> command = new ArrayList<>();
        command.add(REPO_ROOT.resolve("dev/devcloud").resolve(args[0]).toString());
        command.addAll(List.of(args).subList(1, args.length));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
                fail(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The config of a Molt agent for the real libvirt compute host: the lab's libvirtd, its restart script, QMP
     * monitors in {@code monitorDir} and the host's nova-compute stopped and started by dev/devcloud/compute.
     */
    public static List<String> libvirtComputeAgentConfig(String host, String monitorDir) {
        String compute = REPO_ROOT.resolve("dev/devcloud/compute").toString();
        return List.of("libvirt.uri=qemu:///system",
                "libvirt.restart-command=" + REPO_ROOT.resolve("dev/virtlab/restart-libvirtd"),
                "preservation.monitor-dir=" + monitorDir,
                "nova-compute.stop-command=" + compute + " stop " + host,
                "nova-compute.start-command=" + compute + " start " + host);
    }

    /** Whether dev/devcloud/up's process for the compute host runs (dev/devcloud/compute status). */
    public static boolean computeRunning(String host) {
        try {
            return new ProcessBuilder(REPO_ROOT.resolve("dev/devcloud/compute").toString(), "status", host)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String createGroup(String name, String policy) {
        return rest.post("/os-server-groups", "2.64", Map.of("server_group", Map.of("name", name, "policy", policy)))
                .path("server_group").path("id").asText();
    }

    public void deleteGroup(String id) {
        try {
            rest.delete("/os-server-groups/" + id, "2.64");
        } catch (CloudException.NotFound gone) {
            // already gone
        }
    }

    /**
     * Asks for a server of the tiny image and the given flavor on the given host (through the scheduler,
     * microversion 2.74), in the given group (or none), without networks; does not wait.
     */
    public String createServer(String name, String flavor, String host, String groupId, Map<String, String> metadata) {
        return createServer(name, "devcloud-tiny", flavor, host, groupId, metadata);
    }

    /** As {@link #createServer(String, String, String, String, Map)}, from the named image. */
    public String createServer(String name, String image, String flavor, String host, String groupId,
            Map<String, String> metadata) {
        Map<String, Object> server = new HashMap<>();
        server.put("name", name);
        server.put("imageRef", imageId(image));
        server.put("flavorRef", flavorId(flavor));
        server.put("networks", "none");
        server.put("metadata", metadata);
        if (host != null) {
            server.put("host", host);
        }
        Map<String, Object> body = new HashMap<>();
        body.put("server", server);
        if (groupId != null) {
            body.put("os:scheduler_hints", Map.of("group", groupId));
        }
        return rest.post("/servers", "2.74", body).path("server").path("id").asText();
    }

    /** A server action ({@code os-stop}, {@code os-start}...), without waiting. */
    public void serverAction(String id, String action) {
        rest.post("/servers/" + id + "/action", "2.1", Map.of(action, Map.of()));
    }

    /** The actions Nova recorded on a server (create, stop, start...), oldest last. */
    public List<String> serverActions(String id) {
        List<String> actions = new ArrayList<>();
        rest.get("/servers/" + id + "/os-instance-actions", "2.21").path("instanceActions")
                .forEach(a -> actions.add(a.path("action").asText()));
        return actions;
    }

    /** Nova's compute endpoint as the Keystone catalog names it, e.g. {@code http://127.0.0.1:8774/v2.1}. */
    public URI computeEndpoint() {
        return session.computeEndpoint(session.token());
    }

    public JsonNode server(String id) {
        return rest.get("/servers/" + id, NovaServer.MICROVERSION).path("server");
    }

    /**
     * Heartbeat servers (image {@code heartbeat}) booted on the libvirt host {@code host}
     * ({@code up --libvirt-compute}, which it checks runs), ACTIVE: {@code flavors} maps each name's suffix after
     * {@code prefix} to its flavor; returns their ids in that order.
     */
    public List<String> bootHeartbeatServers(String host, String prefix, Map<String, String> flavors) {
        if (!script("compute", "status", host).contains("running")) {
            fail(host + " does not run: run dev/devcloud/up --libvirt-compute");
        }
        List<String> ids = new ArrayList<>();
        flavors.forEach((name, flavor) -> ids.add(createServer(prefix + name, "heartbeat", flavor, host, null, Map.of())));
        awaitActive(ids, Duration.ofSeconds(180));
        return ids;
    }

    /** Waits until every server is ACTIVE with no task; fails at once on ERROR. */
    public void awaitActive(List<String> ids, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            boolean all = true;
            for (String id : ids) {
                JsonNode s = server(id);
                String state = s.path("OS-EXT-STS:vm_state").asText();
                if ("error".equals(state)) {
                    fail("server " + id + " went to ERROR: " + s.path("fault"));
                }
                all &= "active".equals(state) && s.path("OS-EXT-STS:task_state").isNull();
            }
            return all;
        });
    }

    /** Deletes the servers (best effort, then waits until they are gone). */
    public void deleteServers(List<String> ids, NovaComputeCloud cloud) {
        for (String id : ids) {
            try {
                cloud.deleteServer(id);
            } catch (CloudException e) {
                System.err.println("could not delete " + id + ": " + e.getMessage());
            }
        }
    }

    private String imageId(String name) {
        JsonNode images = rest.get("/images?name=" + name, "2.35").path("images");
        if (images.isEmpty()) {
            fail("image " + name + " missing: run dev/devcloud/up" + ("devcloud-tiny".equals(name) ? ""
                    : " --libvirt-compute"));
        }
        return images.get(0).path("id").asText();
    }

    private String flavorId(String name) {
        for (JsonNode f : rest.get("/flavors", "2.55").path("flavors")) {
            if (name.equals(f.path("name").asText())) {
                return f.path("id").asText();
            }
        }
        return fail("flavor " + name + " missing: run dev/devcloud/up");
    }

    private static Path findRepoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("dev/devcloud/up"))) {
                return p;
            }
        }
        return dir.getParent() == null ? dir : dir.getParent();
    }
}
