package io.molt.agent.steps;

/**
 * A campaign step's progress while several of its guests are in hand: one report at a time, and the
 * percentage counts the guests done (from {@code from} to {@code to}), whatever a guest's own step
 * (a hold, a managed save) says of itself; its phase and message go on as they are.
 */
final class GuestProgress {

    private final Progress progress;
    private final int from;
    private final int to;
    private final int guests;
    private int done;

    GuestProgress(Progress progress, int from, int to, int guests, int doneAlready) {
        this.progress = progress;
        this.from = from;
        this.to = to;
        this.guests = guests;
        this.done = doneAlready;
    }

    synchronized void report(String phase, String message) {
        progress.report(phase, guests == 0 ? to : from + (to - from) * done / guests, message);
    }

    /** One more guest done, then reported. */
    synchronized void done(String phase, String message) {
        done++;
        report(phase, message);
    }

    /** What a guest's own step reports through. */
    Progress ofGuest() {
        return (phase, percent, message) -> report(phase, message);
    }
}
