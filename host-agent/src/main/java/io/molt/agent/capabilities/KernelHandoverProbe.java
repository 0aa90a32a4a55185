package io.molt.agent.capabilities;

import io.molt.protocol.KernelHandover;
import io.molt.protocol.KernelHandover.Support;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Finds Kexec HandOver and the Live Update Orchestrator in the running kernel:
 * <ol>
 *   <li>read the kernel's build config: {@code /boot/config-<release>} (Debian's kernels up to 6.x),
 *       {@code /lib/modules/<release>/config} (where Debian's newer kernel packages put it), else
 *       {@code /proc/config.gz}; none readable: both UNKNOWN;</li>
 *   <li>{@code CONFIG_KEXEC_HANDOVER=y} is ENABLED when the command line turns it on ({@code kho=on}, or
 *       {@code CONFIG_KEXEC_HANDOVER_ENABLE_DEFAULT=y} and no {@code kho=off}), else BUILT_DISABLED;</li>
 *   <li>{@code CONFIG_LIVEUPDATE=y} is ENABLED when {@code /dev/liveupdate} exists, else BUILT_DISABLED;</li>
 *   <li>an option that is not set, or that the kernel does not know (older than 6.19), is ABSENT.</li>
 * </ol>
 */
final class KernelHandoverProbe {

    private static final Set<String> ON = Set.of("on", "1", "y", "yes", "true");

    private final Path bootDir;
    private final Path modulesDir;
    private final Path procConfig;
    private final Path osRelease;
    private final Path cmdline;
    private final Path liveUpdateDevice;

    KernelHandoverProbe(Path bootDir, Path modulesDir, Path procConfig, Path osRelease, Path cmdline,
            Path liveUpdateDevice) {
        this.bootDir = bootDir;
        this.modulesDir = modulesDir;
        this.procConfig = procConfig;
        this.osRelease = osRelease;
        this.cmdline = cmdline;
        this.liveUpdateDevice = liveUpdateDevice;
    }

    static KernelHandoverProbe system() {
        return new KernelHandoverProbe(Path.of("/boot"), Path.of("/lib/modules"), Path.of("/proc/config.gz"),
                Path.of("/proc/sys/kernel/osrelease"), Path.of("/proc/cmdline"), Path.of("/dev/liveupdate"));
    }

    KernelHandover probe() {
        Optional<Path> source = configFile();
        if (source.isEmpty()) {
            return KernelHandover.UNKNOWN;
        }
        Map<String, String> config = readConfig(source.get());
        if (config == null) {
            return KernelHandover.UNKNOWN;
        }
        return new KernelHandover(kexecHandover(config), liveUpdate(config), source.get().toString());
    }

    private Support kexecHandover(Map<String, String> config) {
        if (!"y".equals(config.get("CONFIG_KEXEC_HANDOVER"))) {
            return Support.ABSENT;
        }
        String kho = bootParameter("kho");
        boolean on = kho != null ? ON.contains(kho) : "y".equals(config.get("CONFIG_KEXEC_HANDOVER_ENABLE_DEFAULT"));
        return on ? Support.ENABLED : Support.BUILT_DISABLED;
    }

    private Support liveUpdate(Map<String, String> config) {
        if (!"y".equals(config.get("CONFIG_LIVEUPDATE"))) {
            return Support.ABSENT;
        }
        return Files.exists(liveUpdateDevice) ? Support.ENABLED : Support.BUILT_DISABLED;
    }

    private Optional<Path> configFile() {
        Optional<String> release = firstLine(osRelease).map(String::trim);
        List<Path> candidates = new java.util.ArrayList<>();
        release.ifPresent(r -> {
            candidates.add(bootDir.resolve("config-" + r));
            candidates.add(modulesDir.resolve(r).resolve("config"));
        });
        candidates.add(procConfig);
        return candidates.stream().filter(Files::isReadable).findFirst();
    }

    /** The kernel's {@code CONFIG_*} settings ({@code # CONFIG_X is not set} leaves X out); null if unreadable. */
    private static Map<String, String> readConfig(Path file) {
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            Map<String, String> config = new HashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int equals = line.indexOf('=');
                if (line.startsWith("CONFIG_") && equals > 0) {
                    config.put(line.substring(0, equals), line.substring(equals + 1).trim());
                }
            }
            return config;
        } catch (IOException e) {
            return null;
        }
    }

    /** The value of {@code name=value} on the kernel command line (the last one wins, as the kernel does). */
    private String bootParameter(String name) {
        List<String> words = firstLine(cmdline).map(line -> Arrays.asList(line.trim().split("\\s+"))).orElse(List.of());
        String value = null;
        for (String word : words) {
            if (word.startsWith(name + "=")) {
                value = word.substring(name.length() + 1).toLowerCase(java.util.Locale.ROOT);
            }
        }
        return value;
    }

    private static Optional<String> firstLine(Path path) {
        try {
            return Files.readAllLines(path).stream().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
