package io.molt.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code helm lint --strict} passes over the default values and over each value set, and fails on values the schema refuses. */
class ChartLintTest {

    @TempDir
    Path scratch;

    @Test
    void defaultValuesLintCleanly() {
        LintResult result = new Chart(scratch).lint();

        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"install-example", "chart-secret", "agent", "everything", "simulation"})
    void eachValueSetLintsCleanly(String valueSet) {
        LintResult result = new Chart(scratch).lint(valueSet);

        assertThat(result.isFailed()).as("lint of %s failed: %s", valueSet, result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    /** docs/helm.md shows the example values that this test lints, line for line. */
    @Test
    void theInstallGuideShowsTheLintedExample() throws IOException {
        Path chart = Path.of(System.getProperty("molt.chart.dir", "molt")).toAbsolutePath();
        String guide = Files.readString(chart.getParent().getParent().resolve("docs/helm.md"));
        List<String> example = Files.readAllLines(Path.of("src/test/resources/values/install-example.yaml")).stream()
                .filter(line -> !line.startsWith("#")).toList();

        assertThat(guide).contains(String.join("\n", example));
    }

    /** Helm's lint reports a template's {@code fail} as INFO only: those refusals are tested through template. */
    @Test
    void valuesTheSchemaRefusesFailTheLint() {
        LintResult result = new Chart(scratch).lint("schema-violation");

        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("[ERROR]").contains("replicas");
    }
}
