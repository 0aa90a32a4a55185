package io.molt.service.domain.plan;

import java.util.Locale;

/**
 * The predicted cost of one action for one VM.
 *
 * @param action          the action
 * @param downtimeSeconds how long the VM is unavailable
 * @param movedMib        what crosses the network
 * @param busySeconds     how long the action keeps its host's upgrade step busy (serial work on the host)
 */
public record ActionCost(Action action, double downtimeSeconds, double movedMib, double busySeconds) {

    /** A VM that is not running: it stays where it is, is not started, and sees no downtime. */
    public static final ActionCost NOT_RUNNING = new ActionCost(Action.COLD_RESTART, 0, 0, 0);

    /** The figure in words, e.g. {@code live migration: 0.08 s pause, 4.0 GiB sent}. */
    public String describe() {
        return switch (action) {
            case PRESERVE -> format("preserved in place: %.2f s down", downtimeSeconds);
            case LIVE_MIGRATE -> format("live migration: %.2f s pause, %.1f GiB sent", downtimeSeconds, movedMib / 1024);
            case SUSPEND_TO_DISK -> format("suspend to disk: %.1f s down (save, host outage, restore)", downtimeSeconds);
            case TERMINATE -> "terminated: its policy says the service replaces it";
            case COLD_RESTART -> downtimeSeconds == 0 ? "not running: stays on its host and is not started"
                    : format("cold restart: %.0f s down (shutdown, host outage, boot)", downtimeSeconds);
        };
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
