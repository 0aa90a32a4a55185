package io.molt.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.molt.agent.config.AgentConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host agent's DaemonSet, ConfigMap and Secret, and the agent.properties each agent pod assembles. */
class AgentManifestsTest {

    private static final String BROKER_URI = "amqp://molt-agent:agent-secret-value@rabbitmq:5672/%2F";

    @TempDir
    Path scratch;

    @Test
    void noAgentUnlessEnabled() {
        Manifests manifests = new Chart(scratch).template();

        assertThat(manifests.ofType(V1DaemonSet.class)).isEmpty();
        assertThat(manifests.names()).noneMatch(name -> name.contains("agent"));
    }

    @Test
    void daemonSetSeesTheHostAsTheAgentNeedsIt() {
        V1DaemonSet daemonSet = new Chart(scratch).template("agent").one(V1DaemonSet.class);
        V1PodSpec pod = daemonSet.getSpec().getTemplate().getSpec();
        V1Container container = pod.getContainers().get(0);

        assertThat(pod.getHostPID()).isTrue();
        assertThat(pod.getNodeSelector()).containsExactly(Map.entry("openstack-compute-node", "enabled"));
        assertThat(container.getImage()).isEqualTo("molt:0.1.0");
        assertThat(container.getSecurityContext().getPrivileged()).isTrue();
        assertThat(container.getSecurityContext().getRunAsUser()).isZero();
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("MOLT_AGENT_HOST");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
        });
        Map<String, String> hostPaths = pod.getVolumes().stream().filter(v -> v.getHostPath() != null)
                .collect(Collectors.toMap(V1Volume::getName, v -> v.getHostPath().getPath()));
        Map<String, String> mounts = container.getVolumeMounts().stream()
                .collect(Collectors.toMap(V1VolumeMount::getName, V1VolumeMount::getMountPath));
        assertThat(hostPaths).containsValues("/run/libvirt", "/etc/libvirt", "/var/lib/libvirt", "/run/molt",
                "/var/lib/molt-agent", "/boot");
        // Each host directory at the host's own path: libvirtd and the agent name the same files.
        hostPaths.forEach((volume, path) -> assertThat(mounts).containsEntry(volume, path));
        assertThat(container.getVolumeMounts()).filteredOn(m -> m.getMountPath().equals("/boot"))
                .singleElement().satisfies(m -> assertThat(m.getReadOnly()).isTrue());
        assertThat(String.join(" ", container.getCommand()))
                .contains("exec java -jar /opt/molt/host-agent.jar --config /run/molt-agent/agent.properties");
    }

    @Test
    void agentSecretHoldsTheBrokerUriAndTheConfigMapDoesNot() {
        Manifests manifests = new Chart(scratch).template("agent");
        V1Secret secret = manifests.named(V1Secret.class, "molt-agent-amqp");
        String properties = manifests.named(V1ConfigMap.class, "molt-agent").getData().get("agent.properties");

        assertThat(ServiceManifestsTest.decoded(secret)).containsExactly(Map.entry("amqp-uri", BROKER_URI));
        assertThat(properties).doesNotContain("agent-secret-value", "amqp.uri", "host=");
        assertThat(volume(manifests.one(V1DaemonSet.class), "amqp").getSecret().getSecretName()).isEqualTo("molt-agent-amqp");
    }

    @Test
    void anExistingSecretReplacesTheChartsOne() {
        Manifests manifests = new Chart(scratch).template("everything");

        assertThat(manifests.ofType(V1Secret.class)).extracting(s -> s.getMetadata().getName())
                .doesNotContain("molt-agent-amqp");
        assertThat(volume(manifests.one(V1DaemonSet.class), "amqp").getSecret().getSecretName())
                .isEqualTo("molt-agent-amqp-per-host");
        assertThat(manifests.one(V1DaemonSet.class).getSpec().getTemplate().getSpec().getTolerations()).hasSize(1);
    }

    /** The pod's start script, run by /bin/sh on a copy of its files, writes a file the real agent accepts. */
    @Test
    void eachPodWritesAnAgentPropertiesFileTheAgentAccepts() throws Exception {
        Manifests manifests = new Chart(scratch).template("agent");
        Path written = runStartScript(manifests, Map.of("amqp-uri", BROKER_URI), "compute-7");

        AgentConfig config = AgentConfig.load(written);

        assertThat(config.host()).isEqualTo("compute-7");
        assertThat(config.amqpUri()).hasToString(BROKER_URI);
        assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/molt-agent"));
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.guestsAtOnce()).isEqualTo(4);
        assertThat(config.novaComputeStop()).containsExactly("nsenter", "--target", "1", "--mount", "--uts", "--ipc",
                "--net", "--pid", "--", "systemctl", "stop", "nova-compute");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written))).isEqualTo("rw-------");
    }

    @Test
    void aSecretKeyNamedAfterTheNodeWinsOverTheSharedUri() throws Exception {
        Manifests manifests = new Chart(scratch).template("agent");
        String ownUri = "amqps://molt-agent-compute-7:own-secret@rabbitmq:5671/molt";
        Path written = runStartScript(manifests, Map.of("amqp-uri", BROKER_URI, "compute-7", ownUri), "compute-7");

        assertThat(AgentConfig.load(written).amqpUri()).hasToString(ownUri);
    }

    @Test
    void aPodWhoseNodeHasNoBrokerUriStopsSayingSo() throws Exception {
        Manifests manifests = new Chart(scratch).template("everything");

        Script run = startScript(manifests, Map.of("compute-1", BROKER_URI), "compute-7");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains(
                "molt-agent: the Secret molt-agent-amqp-per-host has neither a key compute-7 nor amqp-uri");
        assertThat(run.written()).doesNotExist();
    }

    /** What the start script did: its exit code, its output, and the file it was to write. */
    private record Script(int exitCode, String output, Path written) {
    }

    private Path runStartScript(Manifests manifests, Map<String, String> secretKeys, String node) throws Exception {
        Script run = startScript(manifests, secretKeys, node);
        assertThat(run.exitCode()).as("the start script said: %s", run.output()).isZero();
        return run.written();
    }

    private Script startScript(Manifests manifests, Map<String, String> secretKeys, String node) throws Exception {
        V1Container container = manifests.one(V1DaemonSet.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getCommand()).startsWith("/bin/sh", "-ec");
        Path root = Files.createDirectories(scratch.resolve("pod"));
        Path config = Files.createDirectories(root.resolve("agent"));
        Path amqp = Files.createDirectories(root.resolve("amqp"));
        Path run = Files.createDirectories(root.resolve("run"));
        Files.writeString(config.resolve("agent.properties"),
                manifests.named(V1ConfigMap.class, "molt-agent").getData().get("agent.properties"));
        for (Map.Entry<String, String> key : secretKeys.entrySet()) {
            Files.writeString(amqp.resolve(key.getKey()), key.getValue());
        }
        String script = container.getCommand().get(2)
                .replace("/etc/molt/agent/", config + "/")
                .replace("/etc/molt/amqp/", amqp + "/")
                .replace("/run/molt-agent/", run + "/")
                .replaceAll("exec java [^\\n]*", "exit 0");
        ProcessBuilder shell = new ProcessBuilder("/bin/sh", "-ec", script).redirectErrorStream(true);
        shell.environment().put("MOLT_AGENT_HOST", node);
        Process process = shell.start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Script(process.exitValue(), output, run.resolve("agent.properties"));
    }

    private static V1Volume volume(V1DaemonSet daemonSet, String name) {
        return daemonSet.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }
}
