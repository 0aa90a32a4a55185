package io.molt.service.domain.plan;

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
            case PRESERVE -> words("preserved in place: ", downtimeSeconds, 2, " s down").toString();
            case LIVE_MIGRATE -> FixedDecimals.append(words("live migration: ", downtimeSeconds, 2, " s pause, "),
                    movedMib / 1024, 1).append(" GiB sent").toString();
            case SUSPEND_TO_DISK -> words("suspend to disk: ", downtimeSeconds, 1,
                    " s down (save, host outage, restore)").toString();
            case TERMINATE -> "terminated: its policy says the service replaces it";
            case COLD_RESTART -> downtimeSeconds == 0 ? "not running: stays on its host and is not started"
                    : words("cold restart: ", downtimeSeconds, 0, " s down (shutdown, host outage, boot)").toString();
        };
    }

    /** {@code before}, the figure with {@code decimals} as {@code %.Nf} writes it, {@code after}. */
    private static StringBuilder words(String before, double figure, int decimals, String after) {
        return FixedDecimals.append(new StringBuilder(96).append(before), figure, decimals).append(after);
    }
}
