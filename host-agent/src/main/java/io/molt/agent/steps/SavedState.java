package io.molt.agent.steps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The saved device state of a held guest (libvirt's save file: its header, the domain XML and QEMU's migration
 * stream without the RAM, about 0.3 MiB), kept twice and checked before the restore. libvirt 9.0 and QEMU 7.2 take
 * a state file whose bytes changed where no header is: a device's registers or a ROM loaded as they are, and the
 * guest resumes on them (measured: 16 bytes inverted in the middle of the stream, restore accepted). So at
 * {@code SAVED} the agent journals the SHA-256 of the whole file ({@value #SHA}) and writes a synced copy beside it
 * ({@value #COPY}); before the restore it checks the file, restores from the copy when only the file changed, and
 * refuses when neither is as saved. Holds journaled before this check have no checksum: their file is used as it
 * is.
 */
final class SavedState {

    static final String SHA = "state_sha256";
    static final String COPY = "state_copy";
    static final String COPY_ERROR = "state_copy_error";

    private SavedState() {
    }

    /**
     * Which file the restore reads: {@code file} present, with {@code note} saying why it is not the state file
     * itself when it is the copy; or {@code file} empty and {@code note} saying what is wrong with both.
     */
    record Choice(Optional<Path> file, String note) {

        boolean fromCopy() {
            return file.isPresent() && !note.isEmpty();
        }
    }

    /**
     * Records the checksum and size of {@code state} in {@code data}, and writes the copy (synced) beside it with its
     * path. A copy that cannot be written (no room) is left out, the reason recorded ({@value #COPY_ERROR}): the guest
     * is down by now, and the checksum alone still keeps a damaged file from being restored.
     */
    static void keep(Path state, Map<String, String> data) {
        String sha = sha256(state).orElseThrow(() -> new IllegalStateException("the saved state " + state + " is gone"));
        data.put(SHA, sha);
        data.put("state_bytes", Long.toString(state.toFile().length()));
        Path copy = state.resolveSibling(state.getFileName() + ".copy");
        try {
            Files.copy(state, copy, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            if (!sha256(copy).equals(Optional.of(sha))) {
                throw new IOException("the copy differs from " + state);
            }
            data.put(COPY, copy.toString());
        } catch (IOException e) {
            data.put(COPY_ERROR, "cannot copy " + state + " to " + copy + ": " + e);
            PreserveReplace.deleteQuietly(copy); // what was written of it
        }
    }

    /** The file to restore {@code name} from, given the journaled {@code state} path and the data of {@link #keep}. */
    static Choice choose(String name, Path state, Map<String, String> data) {
        String recorded = data.get(SHA);
        if (recorded == null) {
            return new Choice(Optional.of(state), ""); // a hold of an agent older than this check
        }
        Optional<String> now = sha256(state);
        if (now.equals(Optional.of(recorded))) {
            return new Choice(Optional.of(state), "");
        }
        String stateWrong = describe(state, recorded, now);
        Optional<Path> copy = Optional.ofNullable(data.get(COPY)).map(Path::of);
        Optional<String> copyNow = copy.flatMap(SavedState::sha256);
        if (copyNow.equals(Optional.of(recorded))) {
            return new Choice(copy, stateWrong + "; restored from its copy " + copy.get());
        }
        return new Choice(Optional.empty(), "the saved device state of " + name + " is not as saved: " + stateWrong
                + copy.map(c -> "; its copy " + describe(c, recorded, copyNow)).orElse("; it has no copy"));
    }

    /** Deletes the state file and its copy (once the restore is verified, or the save rolled back). */
    static void release(Path state, Map<String, String> data) {
        PreserveReplace.deleteQuietly(state);
        Optional.ofNullable(data.get(COPY)).map(Path::of).ifPresent(PreserveReplace::deleteQuietly);
    }

    private static String describe(Path file, String recorded, Optional<String> now) {
        return file + (now.isEmpty() ? " is gone or unreadable" : " has sha256 " + now.get().substring(0, 12) + "..., saved as "
                + recorded.substring(0, 12) + "...");
    }

    /** The file's SHA-256 in hex; empty when it does not exist or cannot be read. */
    static Optional<String> sha256(Path file) {
        MessageDigest digest = RamFingerprint.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return Optional.of(HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            return Optional.empty(); // gone or unreadable: either way not the file as saved
        }
    }
}
