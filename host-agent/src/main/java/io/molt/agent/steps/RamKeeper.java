package io.molt.agent.steps;

import io.molt.agent.journal.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps a domain's RAM files alive across a save and restore: hard links in the keep directory (the
 * same filesystem as memory_backing_dir) and a hold file that tells the libvirt hook to link them back
 * under the restored domain's new path. A hard link costs no memory; the RAM is freed only when the
 * last link goes, so this never copies and never loses it.
 */
final class RamKeeper {

    private final Path keepDir;

    RamKeeper(Path keepDir) {
        this.keepDir = keepDir;
    }

    Path holdFile(UUID uuid) {
        return keepDir.resolve(uuid + ".hold");
    }

    Path keptFile(UUID uuid, String alias) {
        return keepDir.resolve(uuid + "." + alias);
    }

    /** Links every RAM file into the keep directory, then writes the hold file; both forced to disk. */
    void keep(UUID uuid, Map<String, Path> ramFiles) {
        try {
            Files.createDirectories(keepDir);
            StringBuilder hold = new StringBuilder();
            for (Map.Entry<String, Path> ram : ramFiles.entrySet()) {
                Path kept = keptFile(uuid, ram.getKey());
                if (!Files.exists(kept) || !Files.isSameFile(kept, ram.getValue())) {
                    Files.deleteIfExists(kept);
                    Files.createLink(kept, ram.getValue());
                }
                hold.append(ram.getKey()).append(' ').append(kept).append('\n');
            }
            DurableFiles.write(holdFile(uuid), hold.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the RAM files of " + uuid + " in " + keepDir, e);
        }
    }

    /** The kept files of a domain by alias, read from its hold file; empty if none is held. */
    Map<String, Path> kept(UUID uuid) {
        Map<String, Path> kept = new LinkedHashMap<>();
        if (!Files.exists(holdFile(uuid))) {
            return kept;
        }
        try {
            for (String line : Files.readAllLines(holdFile(uuid))) {
                String[] parts = line.trim().split(" ", 2);
                if (parts.length == 2) {
                    kept.put(parts[0], Path.of(parts[1]));
                }
            }
            return kept;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + holdFile(uuid), e);
        }
    }

    /** Whether every RAM file named in the hold file still exists, at the size the domain needs. */
    List<String> missing(UUID uuid) {
        return kept(uuid).entrySet().stream().filter(e -> !Files.isRegularFile(e.getValue()))
                .map(Map.Entry::getKey).toList();
    }

    boolean holds(UUID uuid) {
        return Files.exists(holdFile(uuid));
    }

    /** Drops the hold and the links: only once the restored domain runs on its own link of the file. */
    void release(UUID uuid) {
        try {
            Map<String, Path> kept = kept(uuid);
            Files.deleteIfExists(holdFile(uuid));
            for (Path file : kept.values()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the RAM files of " + uuid, e);
        }
    }
}
