package io.molt.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The runner jar applies the schema on its own, given only a JDBC URL, as a deployment job would. */
class MigrationRunnerIT {

    record Run(int exitCode, String output) {
    }

    @Test
    void migratesAFreshDatabaseThenFindsNothingToDo() throws Exception {
        try (FreshDatabase db = FreshDatabase.create("runner")) {
            Map<String, String> env = Map.of("MOLT_DB_URL", db.url(), "MOLT_DB_USER", db.user());

            Run first = run(env, "migrate");
            Run second = run(env, "migrate");
            Run validate = run(env, "validate");

            assertThat(first.exitCode()).as(first.output()).isZero();
            java.util.List<Integer> versions;
            try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
                versions = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                        .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).toList();
            }
            assertThat(versions).hasSizeGreaterThanOrEqualTo(4);
            // numbers may leave gaps (a branch takes its own): the schema ends at the highest
            assertThat(first.output()).contains("applied " + versions.size() + " migration(s); schema now at version "
                    + java.util.Collections.max(versions));
            assertThat(second.output()).contains("applied 0 migration(s)");
            assertThat(validate.output()).contains("schema matches the migrations");
        }
    }

    @Test
    void refusesToRunWithoutAPostgresUrl() throws Exception {
        Run run = run(Map.of("MOLT_DB_URL", "jdbc:mysql://x/y"), "migrate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("MOLT_DB_URL must be set to a jdbc:postgresql:// URL");
    }

    private static Run run(Map<String, String> env, String command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", runnerJar().toString(), command)).redirectErrorStream(true);
        pb.environment().remove("MOLT_DB_USER");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    private static Path runnerJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no runner jar in target/: run the package phase"));
        }
    }
}
