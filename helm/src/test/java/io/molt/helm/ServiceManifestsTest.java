package io.molt.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The upgrade service's manifests as {@code helm template} renders them, read into Kubernetes types. */
class ServiceManifestsTest {

    @TempDir
    Path scratch;

    @Test
    void defaultValuesRenderTheServiceAndItsMigrationsOnly() {
        Manifests manifests = new Chart(scratch).template();

        assertThat(manifests.names()).containsExactlyInAnyOrder("PodDisruptionBudget molt", "ServiceAccount molt",
                "ConfigMap molt", "Job molt-migrations", "Service molt", "Deployment molt");
        assertThat(manifests.all()).allSatisfy(m -> assertThat(m.object()).isNotNull());
    }

    @Test
    void deploymentRunsTheServiceJarWithProbesOnItsHealthEndpoints() {
        V1Deployment deployment = new Chart(scratch).template().one(V1Deployment.class);
        V1PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        V1Container container = pod.getContainers().get(0);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(container.getImage()).isEqualTo("molt:0.1.0");
        assertThat(container.getCommand()).containsExactly("java", "-jar", "/opt/molt/upgrade-service.jar", "serve",
                "--spring.config.additional-location=file:/etc/molt/upgrade-service.yml");
        assertThat(container.getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8797))
                .satisfies(p -> assertThat(p.getName()).isEqualTo("http"));
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrValue()).isEqualTo("http");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(container.getStartupProbe().getFailureThreshold()).isEqualTo(30);
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo("molt"));
    }

    @Test
    void passwordsComeFromTheExistingSecretByDefault() {
        Manifests manifests = new Chart(scratch).template();
        V1Container container = manifests.one(V1Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(manifests.has("Secret")).isFalse();
        assertThat(secretRef(container, "SPRING_DATASOURCE_PASSWORD")).isEqualTo("molt-credentials/database-password");
        assertThat(secretRef(container, "SPRING_RABBITMQ_PASSWORD")).isEqualTo("molt-credentials/rabbitmq-password");
        assertThat(secretRef(container, "MOLT_NOVA_PASSWORD")).isEqualTo("molt-credentials/nova-password");
        assertThat(container.getEnv()).noneMatch(e -> e.getName().equals("MOLT_NOVA_APPLICATIONCREDENTIALSECRET"));
    }

    @Test
    void theChartMakesTheSecretFromGivenPasswordsAndKeepsThemOutOfTheConfigMap() {
        Manifests manifests = new Chart(scratch).template("chart-secret");
        V1Secret secret = manifests.named(V1Secret.class, "molt-credentials");
        V1Container container = manifests.one(V1Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(decoded(secret)).containsExactlyInAnyOrderEntriesOf(Map.of("database-password", "db-secret-value",
                "rabbitmq-password", "broker-secret-value", "nova-application-credential-secret", "appcred-secret-value"));
        assertThat(secretRef(container, "MOLT_NOVA_APPLICATIONCREDENTIALSECRET"))
                .isEqualTo("molt-credentials/nova-application-credential-secret");
        assertThat(container.getEnv()).noneMatch(e -> e.getName().equals("MOLT_NOVA_PASSWORD"));
        assertThat(container.getEnv()).noneMatch(e -> e.getValue() != null && e.getValue().contains("secret-value"));
        for (V1ConfigMap configMap : manifests.ofType(V1ConfigMap.class)) {
            assertThat(configMap.getData().values()).allSatisfy(text -> assertThat(text)
                    .doesNotContain("db-secret-value", "broker-secret-value", "appcred-secret-value")
                    .doesNotContainIgnoringCase("password"));
        }
    }

    @Test
    void configMapHoldsTheServiceSettingsAndTurnsOffItsOwnMigration() {
        Map<String, Object> yaml = applicationYaml(new Chart(scratch).template("everything"));

        assertThat(path(yaml, "spring", "datasource", "url")).isEqualTo("jdbc:postgresql://postgresql:5432/molt");
        assertThat(path(yaml, "spring", "flyway", "enabled")).isEqualTo(false);
        assertThat(path(yaml, "molt", "amqp", "agent-user-pattern")).isEqualTo("molt-agent-{host}");
        assertThat(path(yaml, "molt", "engine", "max-attempts")).isEqualTo(5);
        assertThat(path(yaml, "molt", "engine", "tick")).isEqualTo("1s");
        assertThat(path(yaml, "logging", "level", "io.molt")).isEqualTo("DEBUG");
        assertThat(path(yaml, "server", "port")).isEqualTo(8797);
    }

    @Test
    void withoutTheMigrationsJobTheServiceMigratesAtStart() {
        Manifests manifests = new Chart(scratch).template("simulation");

        assertThat(manifests.has("Job")).isFalse();
        assertThat(manifests.has("PodDisruptionBudget")).isFalse();
        assertThat(manifests.has("ServiceAccount")).isFalse();
        assertThat(path(applicationYaml(manifests), "spring", "flyway", "enabled")).isEqualTo(true);
        assertThat(path(applicationYaml(manifests), "molt", "simulation", "hosts")).isEqualTo(40);
        V1Container container = manifests.one(V1Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getEnv()).extracting(V1EnvVar::getName)
                .containsExactly("JAVA_TOOL_OPTIONS", "SPRING_DATASOURCE_PASSWORD", "SPRING_RABBITMQ_PASSWORD");
    }

    @Test
    void migrationsJobRunsTheRunnerBeforeInstallAndUpgrade() {
        V1Job job = new Chart(scratch).template().one(V1Job.class);
        V1Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(job.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "pre-install,pre-upgrade")
                .containsEntry("helm.sh/hook-delete-policy", "before-hook-creation,hook-succeeded");
        assertThat(container.getImage()).isEqualTo("molt:0.1.0");
        assertThat(container.getCommand()).containsExactly("java", "-jar", "/opt/molt/db-migrations-runner.jar", "migrate");
        assertThat(env(container, "MOLT_DB_URL")).isEqualTo("jdbc:postgresql://postgresql:5432/molt");
        assertThat(env(container, "MOLT_DB_USER")).isEqualTo("molt");
        assertThat(secretRef(container, "MOLT_DB_PASSWORD")).isEqualTo("molt-credentials/database-password");
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        // The release's ServiceAccount does not exist yet when a pre-install hook runs.
        assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName()).isNull();
    }

    @Test
    void withTheChartsSecretTheJobReadsAHookSecretCreatedBeforeIt() {
        Manifests manifests = new Chart(scratch).template("chart-secret");
        V1Job job = manifests.one(V1Job.class);
        V1Secret hookSecret = manifests.named(V1Secret.class, "molt-migrations");
        V1Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(secretRef(container, "MOLT_DB_PASSWORD")).isEqualTo("molt-migrations/database-password");
        assertThat(decoded(hookSecret)).containsExactly(Map.entry("database-password", "db-secret-value"));
        assertThat(hookSecret.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "pre-install,pre-upgrade");
        assertThat(Integer.parseInt(hookSecret.getMetadata().getAnnotations().get("helm.sh/hook-weight")))
                .isLessThan(Integer.parseInt(job.getMetadata().getAnnotations().get("helm.sh/hook-weight")));
    }

    @Test
    void serviceAndDisruptionBudgetSelectTheServicePods() {
        Manifests manifests = new Chart(scratch).template("everything");
        Map<String, String> podLabels = manifests.one(V1Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
        V1Service service = manifests.one(V1Service.class);
        V1PodDisruptionBudget budget = manifests.one(V1PodDisruptionBudget.class);

        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrValue()).isEqualTo("http"));
        assertThat(podLabels).containsAllEntriesOf(budget.getSpec().getSelector().getMatchLabels());
        assertThat(budget.getSpec().getMinAvailable().getIntValue()).isEqualTo(2);
        assertThat(budget.getSpec().getMaxUnavailable()).isNull();
        assertThat(new Chart(scratch).template().one(V1PodDisruptionBudget.class).getSpec().getMaxUnavailable()
                .getIntValue()).isEqualTo(1);
    }

    @Test
    void imageAndPullSecretsFollowTheValues() {
        Manifests manifests = new Chart(scratch).template("everything");
        V1PodSpec pod = manifests.one(V1Deployment.class).getSpec().getTemplate().getSpec();

        assertThat(pod.getContainers().get(0).getImage()).isEqualTo("registry.example/molt/molt:0.1.0-7");
        assertThat(pod.getContainers().get(0).getImagePullPolicy()).isEqualTo("Always");
        assertThat(pod.getImagePullSecrets()).singleElement()
                .satisfies(s -> assertThat(s.getName()).isEqualTo("registry-credentials"));
        assertThat(manifests.one(V1Job.class).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example/molt/molt:0.1.0-7");
    }

    @Test
    void serviceMonitorAndNetworkPolicyOnlyWhenEnabled() {
        Manifests everything = new Chart(scratch).template("everything");
        Map<?, ?> monitor = (Map<?, ?>) everything.all().stream().filter(m -> m.kind().equals("ServiceMonitor"))
                .findFirst().orElseThrow().object();
        V1NetworkPolicy policy = everything.one(V1NetworkPolicy.class);

        assertThat(new Chart(scratch).template().has("ServiceMonitor")).isFalse();
        assertThat(new Chart(scratch).template().has("NetworkPolicy")).isFalse();
        assertThat(monitor.toString()).contains("path=/actuator/prometheus", "port=http", "release=prometheus");
        assertThat((List<Object>) path(applicationYaml(everything), "molt", "auth", "public-paths"))
                .as("a ServiceMonitor scrapes without a token").contains("/actuator/prometheus", "/actuator/health/readiness");
        assertThat(path(applicationYaml(new Chart(scratch).template()), "molt", "auth", "public-paths")).isNull();
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getStrValue()).isEqualTo("http"));
            assertThat(rule.getFrom()).hasSize(2);
        });
        assertThat(policy.getSpec().getEgress()).singleElement().satisfies(rule -> assertThat(rule.getPorts()).hasSize(5));
    }

    static String secretRef(V1Container container, String name) {
        V1EnvVar var = container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + container.getName()));
        return var.getValueFrom().getSecretKeyRef().getName() + "/" + var.getValueFrom().getSecretKeyRef().getKey();
    }

    static String env(V1Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name)).getValue();
    }

    static Map<String, String> decoded(V1Secret secret) {
        return secret.getData().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> new String(e.getValue(), StandardCharsets.UTF_8)));
    }

    private static Map<String, Object> applicationYaml(Manifests manifests) {
        return new Yaml().load(manifests.named(V1ConfigMap.class, "molt").getData().get("upgrade-service.yml"));
    }

    private static Object path(Map<String, Object> map, String... keys) {
        Object value = map;
        for (String key : keys) {
            value = ((Map<?, ?>) value).get(key);
        }
        return value;
    }
}
