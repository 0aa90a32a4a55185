package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedStateTest {

    @TempDir
    Path dir;
    Path state;
    final Map<String, String> data = new HashMap<>();

    @BeforeEach
    void savedState() throws IOException {
        state = dir.resolve("op-1.state");
        byte[] bytes = new byte[300_000];
        new Random(11).nextBytes(bytes);
        Files.write(state, bytes);
    }

    @Test
    void keepWritesACopyBesideTheFileAndRecordsItsChecksum() throws IOException {
        SavedState.keep(state, data);
        Path copy = dir.resolve("op-1.state.copy");
        assertThat(data).containsEntry(SavedState.COPY, copy.toString())
                .containsEntry(SavedState.SHA, SavedState.sha256(state).orElseThrow());
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(state));
        assertThat(data.get(SavedState.SHA)).hasSize(64);
    }

    @Test
    void aCopyThatCannotBeWrittenIsLeftOutWithTheReasonAndTheChecksumStillGuards() throws IOException {
        Files.createDirectories(dir.resolve("op-1.state.copy/in-the-way"));
        SavedState.keep(state, data);
        assertThat(data).doesNotContainKey(SavedState.COPY).containsKey(SavedState.SHA);
        assertThat(data.get(SavedState.COPY_ERROR)).startsWith("cannot copy " + state);
        assertThat(SavedState.choose("guest-1", state, data).file()).contains(state);
        flip(state, 1);
        assertThat(SavedState.choose("guest-1", state, data).note()).endsWith("; it has no copy");
    }

    @Test
    void anIntactFileIsRestoredFromItself() {
        SavedState.keep(state, data);
        SavedState.Choice choice = SavedState.choose("guest-1", state, data);
        assertThat(choice.file()).contains(state);
        assertThat(choice.fromCopy()).isFalse();
    }

    @Test
    void aFileChangedOrGoneIsRestoredFromItsCopyWithTheReason() throws IOException {
        SavedState.keep(state, data);
        flip(state, 150_000);
        SavedState.Choice changed = SavedState.choose("guest-1", state, data);
        assertThat(changed.file()).contains(dir.resolve("op-1.state.copy"));
        assertThat(changed.fromCopy()).isTrue();
        assertThat(changed.note()).startsWith(state + " has sha256 ").contains("saved as", "restored from its copy");

        Files.delete(state);
        SavedState.Choice gone = SavedState.choose("guest-1", state, data);
        assertThat(gone.file()).contains(dir.resolve("op-1.state.copy"));
        assertThat(gone.note()).startsWith(state + " is gone or unreadable; restored from its copy");
    }

    @Test
    void neitherFileAsSavedIsNoFileWithBothReasons() throws IOException {
        SavedState.keep(state, data);
        Path copy = dir.resolve("op-1.state.copy");
        flip(state, 8);
        flip(copy, 299_999);
        SavedState.Choice both = SavedState.choose("guest-1", state, data);
        assertThat(both.file()).isEmpty();
        assertThat(both.fromCopy()).isFalse();
        assertThat(both.note()).startsWith("the saved device state of guest-1 is not as saved: " + state + " has sha256")
                .contains("; its copy " + copy + " has sha256");

        Files.delete(copy);
        assertThat(SavedState.choose("guest-1", state, data).note()).endsWith("; its copy " + copy + " is gone or unreadable");
    }

    @Test
    void aHoldWithoutChecksumUsesItsFileAsItIs() throws IOException {
        flip(state, 100);
        assertThat(SavedState.choose("guest-1", state, Map.of()).file()).contains(state);
        Map<String, String> noCopy = Map.of(SavedState.SHA, "0".repeat(64));
        assertThat(SavedState.choose("guest-1", state, noCopy).note()).endsWith("; it has no copy");
    }

    @Test
    void releaseDeletesTheFileAndItsCopy() {
        SavedState.keep(state, data);
        SavedState.release(state, data);
        assertThat(state).doesNotExist();
        assertThat(dir.resolve("op-1.state.copy")).doesNotExist();
        assertThat(SavedState.sha256(state)).isEqualTo(Optional.empty());
    }

    private static void flip(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            byte old = f.readByte();
            f.seek(offset);
            f.writeByte(~old);
        }
    }
}
