package io.molt.agent.kexec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The mount table as {@code /proc/self/mountinfo} gives it: which filesystem a file is on. */
final class Mounts {

    /** One mount: where, and from what source (a device such as {@code /dev/pmem0}). */
    record Mount(Path point, String source) {
    }

    private final List<Mount> mounts;

    private Mounts(List<Mount> mounts) {
        this.mounts = mounts;
    }

    static Mounts read(Path mountinfo) throws IOException {
        return read(Files.readAllLines(mountinfo));
    }

    static Mounts read(List<String> lines) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split(" ");
            int dash = List.of(f).indexOf("-");
            if (dash < 5 || dash + 2 >= f.length) {
                continue;
            }
            mounts.add(new Mount(Path.of(unescape(f[4])), unescape(f[dash + 2])));
        }
        return new Mounts(mounts);
    }

    /** Where {@code device} is mounted (its source names it, or its real path). */
    List<Path> pointsOf(Path device) {
        List<String> names = names(device);
        return mounts.stream().filter(m -> names.contains(m.source())).map(Mount::point).toList();
    }

    /** The mount that holds {@code file}: the one with the longest mount point above it (the last such mounted). */
    Optional<Mount> holding(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return mounts.stream().filter(m -> absolute.startsWith(m.point()))
                .reduce((a, b) -> b.point().getNameCount() >= a.point().getNameCount() ? b : a);
    }

    /** Whether {@code file} lies on a filesystem mounted from {@code device}. */
    boolean on(Path file, Path device) {
        return holding(file).map(m -> names(device).contains(m.source())).orElse(false);
    }

    private static List<String> names(Path device) {
        List<String> names = new ArrayList<>(List.of(device.toString()));
        try {
            names.add(device.toRealPath().toString());
        } catch (IOException e) {
            // a device that is gone has only its configured name
        }
        return names;
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes ({@code \040}). */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
