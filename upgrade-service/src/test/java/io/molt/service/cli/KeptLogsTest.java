package io.molt.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeptLogsTest {

    @TempDir
    Path dir;

    @Test
    void eachStartKeepsThePreviousLogsNewestFirstAndDropsTheOldest() throws Exception {
        Path log = dir.resolve("molt.log");
        for (int run = 1; run <= 4; run++) {
            KeptLogs.shift(log, 2);
            Files.writeString(log, "run " + run);
        }
        assertThat(log).hasContent("run 4");
        assertThat(KeptLogs.numbered(log, 1)).hasContent("run 3");
        assertThat(KeptLogs.numbered(log, 2)).hasContent("run 2");
        assertThat(KeptLogs.numbered(log, 3)).doesNotExist();
    }

    @Test
    void aFirstStartHasNothingToKeep() throws Exception {
        Path log = dir.resolve("molt.log");
        KeptLogs.shift(log, 5);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
