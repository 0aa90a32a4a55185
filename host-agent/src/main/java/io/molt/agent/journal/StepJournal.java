package io.molt.agent.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The agent's record of what it is doing to domains, written and forced to disk (fsync) before each
 * action, so that after a crash, a restart or a kexec the agent knows which domains it holds and can
 * finish or roll back. One append-only file per operation ({@code <operation-id>.journal}); an
 * operation is open until an entry with a terminal phase is written.
 */
public final class StepJournal {

    private final Path dir;
    private final Clock clock;

    public StepJournal(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create journal directory " + dir, e);
        }
    }

    /** Appends an entry and returns once it is on disk. */
    public JournalEntry record(String operationId, String step, String phase, Map<String, String> data) {
        JournalEntry entry = new JournalEntry(operationId, step, phase, clock.instant(), data);
        Path file = file(operationId);
        boolean created = !Files.exists(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap((entry.toLine() + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write journal " + file, e);
        }
        if (created) {
            forceDirectory();
        }
        return entry;
    }

    /** Every entry of an operation, oldest first; empty if the agent never saw it. */
    public List<JournalEntry> entries(String operationId) {
        Path file = file(operationId);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<JournalEntry> entries = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                JournalEntry.parse(line).ifPresent(entries::add); // a torn last line is skipped
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal " + file, e);
        }
    }

    public Optional<JournalEntry> last(String operationId) {
        List<JournalEntry> entries = entries(operationId);
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }

    /** The last entry of every operation that has not reached a terminal phase. */
    public List<JournalEntry> open() {
        return lasts().stream().filter(e -> !e.terminal()).toList();
    }

    /** The last entry of every operation, open or closed. */
    public List<JournalEntry> lasts() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".journal")).sorted()
                    .map(f -> last(f.getFileName().toString().replace(".journal", "")))
                    .flatMap(Optional::stream)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list journal " + dir, e);
        }
    }

    private Path file(String operationId) {
        if (!operationId.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException("operation id not usable as a file name: " + operationId);
        }
        return dir.resolve(operationId + ".journal");
    }

    private void forceDirectory() {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync journal directory " + dir, e);
        }
    }
}
