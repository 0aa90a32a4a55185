package io.molt.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.adapter.json.SnapshotJson;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code molt plan} and {@code molt bench plan} as a person and a script call them. */
class PlanCommandTest {

    @Test
    void printsTheSummaryBesideTheBaselines() {
        StringWriter out = new StringWriter();
        int exit = command(out).execute("plan", "--generate", "hosts=30,vms-per-host=8,seed=7", "--max-down", "3");
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Molt plan", "evacuate-all", "cold-restart-all", "VM downtime p99",
                "data moved", "makespan", "not running (left off)", "wave 1:");
        assertThat(out.toString()).contains("Strategies on this cloud", "  balanced (chosen)", "  least-downtime",
                "  least-moved", "  fastest");
    }

    @Test
    void theStrategyFlagChoosesThePlanAndAnUnknownOneIsRefusedNamingIt() {
        StringWriter out = new StringWriter();
        int exit = command(out).execute("plan", "--generate", "hosts=10,vms-per-host=4,seed=7", "--strategy",
                "least-downtime");
        assertThat(exit).isZero();
        assertThat(out.toString()).contains("  least-downtime (chosen)");
        StringWriter err = new StringWriter();
        CommandLine cli = command(new StringWriter());
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("plan", "--generate", "hosts=10", "--strategy", "cheapest")).isNotZero();
        assertThat(err.toString()).contains("unknown strategy 'cheapest'");
    }

    @Test
    void readsASnapshotFileAndPrintsJson(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cloud.json");
        Files.writeString(file, new SnapshotJson().write(SyntheticCloud.generate(SyntheticCloudSpec.of(8, 4, 1))));
        String json = captureStdout(() -> command(new StringWriter()).execute("plan", "--snapshot", file.toString(),
                "--target", "USERSPACE", "--json"));
        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.get("feasible").asBoolean()).isTrue();
        assertThat(root.at("/plan/target").asText()).isEqualTo("USERSPACE");
        JsonNode frontier = root.at("/plan/frontier");
        assertThat(frontier).hasSize(4);
        assertThat(frontier.get(0).get("strategy").asText()).isEqualTo("balanced");
        assertThat(frontier.get(0).get("chosen").asBoolean()).isTrue();
        assertThat(frontier.get(0).at("/totals/moved_gib").asDouble())
                .isEqualTo(root.at("/plan/totals/moved_gib").asDouble());
        assertThat(frontier.get(1).at("/totals/makespan_seconds").isNumber()).isTrue();
    }

    @Test
    void benchPrintsOneJsonLine() throws Exception {
        String line = captureStdout(() -> command(new StringWriter()).execute("bench", "plan", "--hosts", "20",
                "--vms-per-host", "10")).trim();
        assertThat(line.lines()).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("hosts").asInt()).isEqualTo(20);
        assertThat(json.get("vms").asInt()).isEqualTo(200);
        assertThat(json.get("plan_ms").isIntegralNumber()).isTrue();
        assertThat(json.get("peak_heap_mib").asLong()).isPositive();
    }

    @Test
    void benchQualityPrintsOneJsonLinePerCloudAndStrategy() throws Exception {
        String lines = captureStdout(() -> command(new StringWriter()).execute("bench", "plan", "--quality"));
        List<JsonNode> rows = new java.util.ArrayList<>();
        for (String line : lines.trim().split("\n")) {
            rows.add(new ObjectMapper().readTree(line));
        }
        assertThat(rows).hasSize(13 * 4);
        assertThat(rows).extracting(row -> row.get("strategy").asText()).containsOnly("balanced", "least-downtime",
                "least-moved", "fastest");
        JsonNode demo = rows.get(0);
        assertThat(demo.get("cloud").asText()).isEqualTo("demo-40x20-seed-1");
        assertThat(demo.get("feasible").asBoolean()).isTrue();
        // balanced never moves more or takes longer than evacuate-all on the same waves, on any of these clouds
        rows.stream().filter(row -> row.get("strategy").asText().equals("balanced")).forEach(row -> {
            assertThat(row.get("gib_ratio").asDouble()).as(row.toString()).isGreaterThanOrEqualTo(1.0);
            assertThat(row.get("makespan_share").asDouble()).as(row.toString()).isLessThanOrEqualTo(1.0);
        });
    }

    @Test
    void aBadGeneratorSpecIsAUsageError() {
        StringWriter err = new StringWriter();
        CommandLine cli = command(new StringWriter());
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("plan", "--generate", "hosts=x")).isNotZero();
    }

    private static CommandLine command(StringWriter out) {
        return new CommandLine(new MoltCommand()).setOut(new PrintWriter(out));
    }

    private static String captureStdout(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString();
    }
}
