package io.molt.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart in helm/molt, run through the Helm library that helm-java bundles (no helm binary, no cluster):
 * {@code helm template} with value files, and {@code helm lint --strict} with a value set merged into the
 * chart's values.yaml (helm-java's lint takes no value files, so it lints a copy of the chart).
 *
 * <p>helm-java's template returns the release's manifest without its hooks (the helm command appends them),
 * so {@link #template} renders a copy of the chart with one more template, {@value #HOOKS_TEMPLATE}, which
 * puts what each hook template renders into the ConfigMap {@value #HOOKS_CONFIG_MAP};
 * {@link Manifests} takes them out again as hook manifests.
 */
final class Chart {

    static final String RELEASE = "molt";
    static final String NAMESPACE = "openstack";
    /** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion). */
    static final String KUBE_VERSION = "1.25.0";

    static final String HOOKS_TEMPLATE = "zz-hooks-for-tests.yaml";
    static final String HOOKS_CONFIG_MAP = "rendered-hooks-for-tests";

    private final Path dir;
    private final Path scratch;

    Chart(Path scratch) {
        this.dir = Path.of(System.getProperty("molt.chart.dir", "molt")).toAbsolutePath();
        this.scratch = scratch;
    }

    /** The chart's default values.yaml as a map. */
    Map<String, Object> defaultValues() {
        return read(dir.resolve("values.yaml"));
    }

    /** {@code helm template molt CHART -n openstack -f SET...} with the named value sets of src/test/resources/values. */
    Manifests template(String... valueSets) {
        return Manifests.parse(render(valueSetFiles(valueSets)));
    }

    /** The same with values given as YAML text, after the named sets. */
    Manifests templateWith(String valuesYaml, String... valueSets) {
        List<Path> files = new ArrayList<>(valueSetFiles(valueSets));
        files.add(write("inline-values.yaml", valuesYaml));
        return Manifests.parse(render(files));
    }

    String render(List<Path> valueFiles) {
        Path copy = copyOfChart("template");
        writeTo(copy.resolve("templates").resolve(HOOKS_TEMPLATE), hooksTemplate(copy.resolve("templates")));
        TemplateCommand template = new Helm(copy).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (Path file : valueFiles) {
            template = template.withValuesFile(file);
        }
        return template.call();
    }

    /** {@code helm lint --strict} of a copy of the chart whose values.yaml is the defaults with the sets merged over them. */
    LintResult lint(String... valueSets) {
        Path copy = copyOfChart("lint");
        Map<String, Object> values = defaultValues();
        for (Path file : valueSetFiles(valueSets)) {
            values = Values.merge(values, read(file));
        }
        writeTo(copy.resolve("values.yaml"), new Yaml().dump(values));
        return new Helm(copy).lint().strict().call();
    }

    private Path copyOfChart(String purpose) {
        Path copy = scratch.resolve(purpose + "-" + System.nanoTime()).resolve("molt");
        copyTree(dir, copy);
        return copy;
    }

    /** A template rendering each hook template of the chart (those with a helm.sh/hook annotation) into a ConfigMap. */
    private static String hooksTemplate(Path templates) {
        StringBuilder text = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
                + HOOKS_CONFIG_MAP + "\ndata:\n");
        try (Stream<Path> files = Files.list(templates)) {
            for (Path file : files.sorted().toList()) {
                if (file.toString().endsWith(".yaml") && Files.readString(file).contains("helm.sh/hook:")) {
                    String name = file.getFileName().toString();
                    text.append("  ").append(name).append(": {{ include (print $.Template.BasePath \"/")
                            .append(name).append("\") . | quote }}\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    Path write(String name, String text) {
        Path file = scratch.resolve(System.nanoTime() + "-" + name);
        writeTo(file, text);
        return file;
    }

    private static List<Path> valueSetFiles(String... names) {
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            Path file = Path.of("src/test/resources/values", name + ".yaml").toAbsolutePath();
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no value set " + file);
            }
            files.add(file);
        }
        return files;
    }

    static Map<String, Object> read(Path file) {
        try {
            Map<String, Object> map = new Yaml().load(Files.readString(file));
            return map == null ? new LinkedHashMap<>() : map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeTo(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
