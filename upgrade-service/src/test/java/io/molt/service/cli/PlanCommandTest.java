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

    @Test
    void aMisspeltTargetIsAUsageErrorNotNoSafePlan() {
        Run run = run("plan", "--generate", "hosts=4,vms-per-host=2", "--target", "KERNAL");
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--target").contains("KERNAL");
    }

    @Test
    void noSafePlanExitsTwoWithTheViolationsAsText(@TempDir Path dir) throws Exception {
        Path file = write(dir, """
                {"hosts": [{"name": "h1", "capacity": {"vcpus": 8, "ram_mib": 8192, "disk_gib": 100}}],
                 "vms": [{"uuid": "v1", "host": "h1", "flavor": {"vcpus": 1, "ram_mib": 1024, "disk_gib": 10},
                          "metadata": {"molt:policy": "preserve"}}]}""");
        Run run = run("plan", "--snapshot", file.toString(), "--options",
                write(dir, "{\"allowed_actions\": [\"PRESERVE\"]}").toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.NO_SAFE_PLAN);
        assertThat(run.out()).contains("NO SAFE PLAN", "host h1, VM v1").doesNotContain("Violation[");
    }

    @Test
    void refusedSnapshotsEndWithAMessageNamingWhatToFix(@TempDir Path dir) throws Exception {
        String host = "{\"name\": \"h1\", \"capacity\": {\"vcpus\": %d, \"ram_mib\": %d, \"disk_gib\": 100}}";
        String vm = "{\"uuid\": \"v1\", \"host\": \"h1\", \"flavor\": {\"vcpus\": %d, \"ram_mib\": %d, "
                + "\"disk_gib\": %d}}";
        java.util.Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("host h1", "{\"hosts\": [" + host.formatted(0, 0) + "], \"vms\": []}");
        cases.put("VM v1", "{\"hosts\": [" + host.formatted(8, 8192) + "], \"vms\": [" + vm.formatted(1,
                9_200_000_000_000_000_000L, 10) + "]}");
        cases.put("VM v1: flavor", "{\"hosts\": [" + host.formatted(8, 8192) + "], \"vms\": [" + vm.formatted(0, 0, 0)
                + "]}");
        cases.put("member ghost", "{\"hosts\": [" + host.formatted(8, 8192) + "], \"vms\": [" + vm.formatted(1, 512, 1)
                + "], \"server_groups\": [{\"id\": \"g\", \"policy\": \"anti-affinity\", \"members\": [\"v1\", "
                + "\"ghost\"]}]}");
        cases.put("hosts[0].capacity.vcpus", "{\"hosts\": [{\"name\": \"h1\", \"capacity\": {\"vcpus\": \"many\", "
                + "\"ram_mib\": 1, \"disk_gib\": 1}}]}");
        cases.put("not valid JSON", "{\"hosts\": [");
        for (var entry : cases.entrySet()) {
            Run run = run("plan", "--snapshot", write(dir, entry.getValue()).toString());
            assertThat(run.exit()).as(entry.getValue()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).as(entry.getValue()).contains(entry.getKey()).doesNotContain("\tat ")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void aUsedBelowWhatTheVmsTakeIsWarnedAbout(@TempDir Path dir) throws Exception {
        Path file = write(dir, """
                {"hosts": [{"name": "h1", "capacity": {"vcpus": 8, "ram_mib": 8192, "disk_gib": 100},
                            "used": {"vcpus": 0, "ram_mib": 0, "disk_gib": 0}},
                           {"name": "h2", "capacity": {"vcpus": 8, "ram_mib": 8192, "disk_gib": 100}}],
                 "vms": [{"uuid": "v1", "host": "h1", "flavor": {"vcpus": 2, "ram_mib": 2048, "disk_gib": 10}}]}""");
        Run run = run("plan", "--snapshot", file.toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).contains("warning: host h1: used (0 vCPUs, 0 MiB, 0 GiB) is below what its VMs take");
    }

    @Test
    void aRefusedOptionsFileNamesTheKey(@TempDir Path dir) throws Exception {
        Run run = run("plan", "--generate", "hosts=4,vms-per-host=2", "--options",
                write(dir, "{\"max_host_down\": 2}").toString());
        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("'max_host_down'").doesNotContain("\tat ");
        assertThat(run("plan", "--generate", "hosts=4,vms-per-host=2", "--options", dir.resolve("none.json").toString())
                .exit()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void theSameInputGivesTheSameBytes() throws Exception {
        String once = captureStdout(() -> command(new StringWriter()).execute("plan", "--generate",
                "hosts=12,vms-per-host=6,seed=3", "--json"));
        String twice = captureStdout(() -> command(new StringWriter()).execute("plan", "--generate",
                "hosts=12,vms-per-host=6,seed=3", "--json"));
        assertThat(twice).isEqualTo(once);
        JsonNode actions = new ObjectMapper().readTree(once).at("/plan/totals/actions");
        java.util.List<String> keys = new java.util.ArrayList<>();
        actions.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).isSortedAccordingTo(java.util.Comparator.comparing(
                name -> io.molt.service.domain.plan.Action.valueOf(name).ordinal()));
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = command(out);
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static int files;

    private static Path write(Path dir, String text) throws java.io.IOException {
        return Files.writeString(dir.resolve("input-" + files++ + ".json"), text);
    }

    private static CommandLine command(StringWriter out) {
        return ExitCodes.commandLine().setOut(new PrintWriter(out));
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
