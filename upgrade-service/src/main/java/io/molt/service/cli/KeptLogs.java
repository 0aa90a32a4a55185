package io.molt.service.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Numbered copies of a log kept from earlier runs: {@code molt.log.1} is the newest, the oldest drops off. */
final class KeptLogs {

    private KeptLogs() {
    }

    /** Moves {@code log} to {@code log.1}, {@code log.1} to {@code log.2} and on, keeping at most {@code kept}. */
    static void shift(Path log, int kept) throws IOException {
        Files.deleteIfExists(numbered(log, kept));
        for (int n = kept - 1; n >= 1; n--) {
            if (Files.exists(numbered(log, n))) {
                Files.move(numbered(log, n), numbered(log, n + 1));
            }
        }
        if (Files.exists(log)) {
            Files.move(log, numbered(log, 1));
        }
    }

    static Path numbered(Path log, int n) {
        return log.resolveSibling(log.getFileName() + "." + n);
    }
}
