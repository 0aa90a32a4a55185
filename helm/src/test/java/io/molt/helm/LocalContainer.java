package io.molt.helm;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a rendered container as a local process, as the kubelet would run it minus the isolation: its
 * command with each ConfigMap volume's mount path replaced by a directory holding the ConfigMap's files and
 * each jar path replaced by the jar the build made, and its environment with every {@code secretKeyRef}
 * resolved from the rendered Secrets. Output goes to a log file.
 */
final class LocalContainer {

    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;

    private LocalContainer(List<String> command, Map<String, String> env, Path log) {
        this.command = command;
        this.env = env;
        this.log = log;
    }

    /** The first container of a pod spec; {@code jars} maps a jar path in the image to the built jar. */
    static LocalContainer of(V1PodSpec pod, Manifests manifests, Map<String, Path> jars, Path dir) throws IOException {
        V1Container container = pod.getContainers().get(0);
        Map<String, String> paths = new LinkedHashMap<>();
        jars.forEach((inImage, built) -> paths.put(inImage, built.toString()));
        for (V1VolumeMount mount : container.getVolumeMounts() == null ? List.<V1VolumeMount>of() : container.getVolumeMounts()) {
            V1Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
            if (volume.getConfigMap() != null) {
                Path files = Files.createDirectories(dir.resolve(mount.getName()));
                V1ConfigMap configMap = manifests.named(V1ConfigMap.class, volume.getConfigMap().getName());
                for (Map.Entry<String, String> file : configMap.getData().entrySet()) {
                    Files.writeString(files.resolve(file.getKey()), file.getValue());
                }
                paths.put(mount.getMountPath(), files.toString());
            }
        }
        List<String> command = new ArrayList<>();
        for (String part : container.getCommand()) {
            for (Map.Entry<String, String> path : paths.entrySet()) {
                part = part.replace(path.getKey(), path.getValue());
            }
            command.add(part);
        }
        command.set(0, command.get(0).equals("java") ? Path.of(System.getProperty("java.home"), "bin", "java").toString()
                : command.get(0));
        Map<String, String> env = new LinkedHashMap<>();
        for (V1EnvVar var : container.getEnv()) {
            env.put(var.getName(), var.getValueFrom() == null ? var.getValue() : secret(manifests, var.getValueFrom().getSecretKeyRef()));
        }
        return new LocalContainer(command, env, dir.resolve(container.getName() + ".log"));
    }

    private static String secret(Manifests manifests, V1SecretKeySelector ref) {
        V1Secret secret = manifests.named(V1Secret.class, ref.getName());
        byte[] value = secret.getData().get(ref.getKey());
        if (value == null) {
            throw new AssertionError("Secret " + ref.getName() + " has no key " + ref.getKey());
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    Process start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    String log() throws IOException {
        return Files.isRegularFile(log) ? Files.readString(log) : "";
    }

    List<String> command() {
        return command;
    }
}
