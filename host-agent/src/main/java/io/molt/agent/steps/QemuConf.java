package io.molt.agent.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the agent reads from libvirt's qemu.conf. */
public final class QemuConf {

    private static final Pattern BACKING_DIR =
            Pattern.compile("^\\s*memory_backing_dir\\s*=\\s*\"([^\"]+)\"", Pattern.MULTILINE);

    private QemuConf() {
    }

    /** The configured memory_backing_dir, empty when unset (libvirt then uses its default, off any tmpfs). */
    public static Optional<Path> memoryBackingDir(Path qemuConf) {
        try {
            Matcher m = BACKING_DIR.matcher(Files.readString(qemuConf));
            Optional<Path> dir = Optional.empty();
            while (m.find()) {
                dir = Optional.of(Path.of(m.group(1)));
            }
            return dir;
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Where the agent keeps hard links of RAM files across a save and restore (same filesystem). */
    public static Path keepDir(Path memoryBackingDir) {
        return memoryBackingDir.resolve("molt-keep");
    }
}
