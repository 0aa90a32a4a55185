package io.molt.service.domain.plan;

/** What the pre-copy model predicts for one live migration. */
public sealed interface MigrationEstimate {

    /**
     * The migration switches over after {@code rounds} pre-copy rounds.
     *
     * @param totalSeconds   from start to the VM running on the destination (setup, copy, switch-over)
     * @param downtimeMs     the VM's pause at switch-over
     * @param movedMib       memory and local disk sent over the network
     * @param rounds         pre-copy rounds before the switch-over
     */
    record Converges(double totalSeconds, double downtimeMs, double movedMib, int rounds) implements MigrationEstimate {
    }

    /** The migration would not finish: dirty rate too close to the bandwidth, or Nova's timeout first. */
    record DoesNotConverge(String why) implements MigrationEstimate {
    }
}
