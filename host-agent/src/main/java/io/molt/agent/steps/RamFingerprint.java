package io.molt.agent.steps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * A fingerprint of a guest's RAM file, taken while no QEMU maps it (after the save, before the restore):
 * SHA-256 over the file's size, its first and last MiB and {@value #SPREAD_PAGES} pages spread evenly between
 * them. Compared before the restore, it tells RAM that survived from RAM that did not (a kexec whose new kernel
 * did not keep the region, a file truncated or written by someone else), at a cost that does not grow with the
 * guest: at most 2 MiB and {@value #SPREAD_PAGES} pages read whatever its size. A change in a page outside the
 * sample goes unseen; the guest's own checks (and the heartbeat lab's pattern) are the finer test.
 */
final class RamFingerprint {

    static final String KEY = "ram_sha256.";
    private static final int EDGE = 1 << 20;
    private static final int PAGE = 4096;
    private static final int SPREAD_PAGES = 64;

    private RamFingerprint() {
    }

    static String of(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            MessageDigest digest = sha256();
            digest.update(ByteBuffer.allocate(Long.BYTES).putLong(size).flip());
            read(channel, 0, Math.min(size, EDGE), digest);
            for (int i = 1; i <= SPREAD_PAGES; i++) {
                long page = size / (SPREAD_PAGES + 1) * i / PAGE * PAGE;
                read(channel, page, Math.min(PAGE, size - page), digest);
            }
            long lastStart = Math.max(0, size - EDGE);
            read(channel, lastStart, size - lastStart, digest);
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to fingerprint it", e);
        }
    }

    /** Each kept file's fingerprint under {@code ram_sha256.<alias>}. */
    static void record(Map<String, Path> kept, Map<String, String> data) {
        kept.forEach((alias, file) -> data.put(KEY + alias, of(file)));
    }

    /**
     * The first kept file whose fingerprint differs from the one recorded, described; empty when all match or
     * none was recorded (a hold journaled by an agent older than this check).
     */
    static Optional<String> changed(Map<String, Path> kept, Map<String, String> data) {
        for (Map.Entry<String, Path> file : kept.entrySet()) {
            String recorded = data.get(KEY + file.getKey());
            if (recorded != null) {
                String now = of(file.getValue());
                if (!now.equals(recorded)) {
                    return Optional.of(file.getKey() + " (" + file.getValue() + "): sha256 of its sampled pages was "
                            + recorded.substring(0, 12) + "... at the save, is " + now.substring(0, 12) + "... now");
                }
            }
        }
        return Optional.empty();
    }

    private static void read(FileChannel channel, long position, long length, MessageDigest digest) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(0, length));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        digest.update(buffer.flip());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
