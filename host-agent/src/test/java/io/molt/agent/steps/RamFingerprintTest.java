package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RamFingerprintTest {

    private static final long SIZE = 16L << 20;

    @TempDir
    Path dir;
    Path ram;

    @BeforeEach
    void guestRam() throws IOException {
        ram = dir.resolve("pc.ram");
        byte[] bytes = new byte[(int) SIZE];
        new Random(7).nextBytes(bytes);
        Files.write(ram, bytes);
    }

    @Test
    void theSameRamGivesTheSameFingerprint() {
        assertThat(RamFingerprint.of(ram)).isEqualTo(RamFingerprint.of(ram)).hasSize(64);
    }

    @Test
    void aChangeInTheFirstOrLastMibOrASampledPageIsSeen() throws IOException {
        String before = RamFingerprint.of(ram);
        long sampledPage = SIZE / 65 * 30 / 4096 * 4096;
        for (long offset : new long[] {0, 4095, (1 << 20) - 1, sampledPage + 100, SIZE - 1}) {
            flip(offset);
            assertThat(RamFingerprint.of(ram)).as("byte %d changed", offset).isNotEqualTo(before);
            flip(offset);
            assertThat(RamFingerprint.of(ram)).isEqualTo(before);
        }
    }

    @Test
    void aTruncatedOrZeroedFileIsSeen() throws IOException {
        String before = RamFingerprint.of(ram);
        try (RandomAccessFile file = new RandomAccessFile(ram.toFile(), "rw")) {
            file.setLength(SIZE - 4096);
        }
        assertThat(RamFingerprint.of(ram)).isNotEqualTo(before);
        Files.write(ram, new byte[(int) SIZE]);
        assertThat(RamFingerprint.of(ram)).isNotEqualTo(before);
    }

    @Test
    void changedNamesTheFileWhoseFingerprintDiffersAndIgnoresHoldsWithoutOne() throws IOException {
        Map<String, String> data = new HashMap<>();
        RamFingerprint.record(Map.of("pc.ram", ram), data);
        assertThat(RamFingerprint.changed(Map.of("pc.ram", ram), data)).isEmpty();
        flip(SIZE - 10);
        assertThat(RamFingerprint.changed(Map.of("pc.ram", ram), data)).hasValueSatisfying(
                why -> assertThat(why).startsWith("pc.ram (" + ram + "): sha256 of its sampled pages was"));
        assertThat(RamFingerprint.changed(Map.of("pc.ram", ram), Map.of())).as("a hold of an older agent").isEmpty();
    }

    private void flip(long offset) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(ram.toFile(), "rw")) {
            file.seek(offset);
            byte old = file.readByte();
            file.seek(offset);
            file.writeByte(~old);
        }
    }
}
