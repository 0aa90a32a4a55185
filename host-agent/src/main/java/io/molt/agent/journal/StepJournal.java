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
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The agent's record of what it is doing to domains, written and forced to disk (fsync) before each
 * action, so that after a crash, a restart or a kexec the agent knows which domains it holds and can
 * finish or roll back. One append-only file per operation ({@code <operation-id>.journal}); an
 * operation is open until an entry with a terminal phase is written.
 *
 * <p>Safe for threads that work on different operations at once (the guests of a campaign step): an
 * operation's file is written and read under its own lock, so a reader never sees half an entry and
 * the writers of one operation take turns. One instance per directory in a process.
 */
public final class StepJournal {

    private final Path dir;
    private final Clock clock;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

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
        Path file = file(operationId);
        synchronized (lock(operationId)) {
            return append(file, new JournalEntry(operationId, step, phase, clock.instant(), data));
        }
    }

    private JournalEntry append(Path file, JournalEntry entry) {
        boolean created = !Files.exists(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer line = ByteBuffer.wrap((entry.toLine() + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                channel.write(line);
            }
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
        List<String> lines;
        synchronized (lock(operationId)) {
            if (!Files.exists(file)) {
                return List.of();
            }
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read journal " + file, e);
            }
        }
        List<JournalEntry> entries = new ArrayList<>();
        for (String line : lines) {
            JournalEntry.parse(line).ifPresent(entries::add); // a last line torn by a crash is skipped
        }
        return entries;
    }

    /** How many entries of an operation are in {@code phase}: e.g. how often a command was started. */
    public long count(String operationId, String phase) {
        return entries(operationId).stream().filter(e -> e.phase().equals(phase)).count();
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

    private Object lock(String operationId) {
        return locks.computeIfAbsent(operationId, id -> new Object());
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
