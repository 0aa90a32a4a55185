package io.molt.service.embedded;

/** Elapsed time for the start and stop log lines. */
final class Durations {

    private Durations() {
    }

    static long millisSince(long nanoTimeStarted) {
        return (System.nanoTime() - nanoTimeStarted) / 1_000_000;
    }
}
