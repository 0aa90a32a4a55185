package io.molt.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepJournalTest {

    @TempDir
    Path dir;

    private StepJournal journal;

    @BeforeEach
    void open() {
        journal = new StepJournal(dir, Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
    }

    @Test
    void entriesComeBackAsWrittenWithAwkwardValues() {
        journal.record("op-1", "PRESERVE_REPLACE", "BEGUN", Map.of("path", "/a b/c=d", "empty", ""));
        journal.record("op-1", "PRESERVE_REPLACE", "SAVING", Map.of("uuid", "u"));

        assertThat(journal.entries("op-1")).extracting(JournalEntry::phase).containsExactly("BEGUN", "SAVING");
        assertThat(journal.entries("op-1").get(0).data()).containsEntry("path", "/a b/c=d").containsEntry("empty", "");
        assertThat(journal.last("op-1").orElseThrow().at()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void openOperationsAreThoseWithoutATerminalPhase() {
        journal.record("done", "S", "BEGUN", Map.of());
        journal.record("done", "S", "DONE", Map.of());
        journal.record("held", "S", "SAVED", Map.of());
        journal.record("refused", "S", "REFUSED", Map.of());

        assertThat(journal.open()).extracting(JournalEntry::operationId).containsExactly("held");
    }

    @Test
    void aTornLastLineIsIgnored() throws Exception {
        journal.record("op", "S", "SAVED", Map.of("k", "v"));
        Files.writeString(dir.resolve("op.journal"), "2026-01-02T0", StandardOpenOption.APPEND);

        assertThat(journal.last("op").orElseThrow().phase()).isEqualTo("SAVED");
    }

    @Test
    void unknownOperationHasNoEntries() {
        assertThat(journal.entries("nothing")).isEmpty();
        assertThat(journal.last("nothing")).isEmpty();
    }
}
