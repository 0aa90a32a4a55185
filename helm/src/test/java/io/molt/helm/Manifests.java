package io.molt.helm;

import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The manifests {@code helm template} rendered, each read into its Kubernetes API type (client-java-api),
 * which refuses a field its type does not have. ServiceMonitor, a Prometheus Operator resource, stays a map.
 */
final class Manifests {

    /** One rendered document: its kind and name, the typed object (or the map for a custom resource), whether a hook. */
    record Manifest(String apiVersion, String kind, String name, Object object, boolean hook) {
    }

    private static final Map<String, Class<?>> TYPES = Map.of(
            "apps/v1/Deployment", V1Deployment.class,
            "apps/v1/DaemonSet", V1DaemonSet.class,
            "batch/v1/Job", V1Job.class,
            "v1/ConfigMap", V1ConfigMap.class,
            "v1/Secret", V1Secret.class,
            "v1/Service", V1Service.class,
            "v1/ServiceAccount", V1ServiceAccount.class,
            "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class);
    private static final String SERVICE_MONITOR = "monitoring.coreos.com/v1/ServiceMonitor";

    private final String text;
    private final List<Manifest> all;

    private Manifests(String text, List<Manifest> all) {
        this.text = text;
        this.all = all;
    }

    static Manifests parse(String rendered) {
        List<Manifest> manifests = new ArrayList<>();
        for (Manifest manifest : documents(rendered, false)) {
            if (manifest.object() instanceof V1ConfigMap hooks && manifest.name().equals(Chart.HOOKS_CONFIG_MAP)) {
                if (hooks.getData() != null) {
                    for (String hookText : hooks.getData().values()) {
                        manifests.addAll(documents(hookText, true));
                    }
                }
            } else {
                manifests.add(manifest);
            }
        }
        return new Manifests(rendered, manifests);
    }

    private static List<Manifest> documents(String rendered, boolean hooks) {
        List<Manifest> manifests = new ArrayList<>();
        for (Object document : new Yaml().loadAll(rendered)) {
            if (document == null) {
                continue;
            }
            if (!(document instanceof Map<?, ?> map)) {
                throw new IllegalStateException("a rendered document is not a map: " + document);
            }
            String apiVersion = String.valueOf(map.get("apiVersion"));
            String kind = String.valueOf(map.get("kind"));
            String name = String.valueOf(((Map<?, ?>) map.get("metadata")).get("name"));
            String type = apiVersion + "/" + kind;
            Object object;
            if (type.equals(SERVICE_MONITOR)) {
                object = map;
            } else if (TYPES.containsKey(type)) {
                object = typed(JSON.getGson().toJson(map), TYPES.get(type), type + " " + name);
            } else {
                throw new IllegalStateException("the chart rendered an unexpected " + type + " " + name);
            }
            manifests.add(new Manifest(apiVersion, kind, name, object, hooks));
        }
        return manifests;
    }

    private static Object typed(String json, Class<?> type, String what) {
        try {
            return type.getMethod("fromJson", String.class).invoke(null, json);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(what + " is not a valid " + type.getSimpleName() + ": "
                    + cause.getMessage(), cause);
        }
    }

    List<Manifest> all() {
        return all;
    }

    /** The rendered text, all documents. */
    String text() {
        return text;
    }

    <T> List<T> ofType(Class<T> type) {
        return all.stream().map(Manifest::object).filter(type::isInstance).map(type::cast).toList();
    }

    /** The one object of this type; fails when there is none or several. */
    <T> T one(Class<T> type) {
        List<T> found = ofType(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", rendered " + found.size());
        }
        return found.get(0);
    }

    <T> T named(Class<T> type, String name) {
        return ofType(type).stream().filter(o -> nameOf(o).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in " + names()));
    }

    boolean has(String kind) {
        return all.stream().anyMatch(m -> m.kind().equals(kind));
    }

    List<String> names() {
        return all.stream().map(m -> m.kind() + " " + m.name()).toList();
    }

    private String nameOf(Object object) {
        return all.stream().filter(m -> m.object() == object).findFirst().orElseThrow().name();
    }
}
