package io.molt.service.domain.plan;

/**
 * Pre-copy live migration: round 0 sends the whole memory M at bandwidth R; while a round of x MiB is
 * sent, the guest dirties x * D / R MiB, which the next round sends. The migration switches over when
 * the remainder can be sent within the downtime limit L. With q = D / R the remainder after k rounds is
 * M q^k, so k = max(1, ceil(ln(M / (R L)) / ln(1 / q))); it never converges when D >= R, and Nova aborts it when
 * it runs longer than its completion timeout (per GiB of memory and disk).
 */
public final class PreCopyModel {

    private final CostParameters parameters;

    public PreCopyModel(CostParameters parameters) {
        this.parameters = parameters;
    }

    /**
     * @param memoryMib     guest RAM
     * @param dirtyMibPerSec guest memory dirty rate
     * @param diskMib       local disk copied with the memory (0 for a volume-backed VM)
     */
    public MigrationEstimate estimate(double memoryMib, double dirtyMibPerSec, double diskMib) {
        double bandwidth = parameters.migrationBandwidthMibPerSec();
        double limitSeconds = parameters.downtimeLimitMs() / 1000.0;
        if (dirtyMibPerSec >= bandwidth) {
            return new MigrationEstimate.DoesNotConverge("dirty rate " + whole(dirtyMibPerSec) + " MiB/s >= bandwidth "
                    + whole(bandwidth) + " MiB/s");
        }
        double q = dirtyMibPerSec / bandwidth;
        double budgetMib = bandwidth * limitSeconds;
        // The first full pass always runs live; then as many rounds as it takes to fit the limit.
        int rounds = 1;
        if (q > 0 && memoryMib * q > budgetMib) {
            rounds = Math.max(1, (int) Math.ceil(Math.log(memoryMib / budgetMib) / Math.log(1 / q)));
        }
        double remainderMib = memoryMib * Math.pow(q, rounds);
        double preCopiedMib = memoryMib * (1 - Math.pow(q, rounds)) / (1 - q);
        double movedMib = preCopiedMib + remainderMib + diskMib;
        double totalSeconds = parameters.migrationSetupSeconds() + movedMib / bandwidth
                + parameters.migrationSwitchoverMs() / 1000.0;
        double timeoutSeconds = parameters.completionTimeoutSecondsPerGib() * (memoryMib + diskMib) / 1024.0;
        if (totalSeconds - parameters.migrationSetupSeconds() > timeoutSeconds) {
            return new MigrationEstimate.DoesNotConverge("would take " + whole(totalSeconds)
                    + " s, beyond Nova's completion timeout of " + whole(timeoutSeconds) + " s");
        }
        double downtimeMs = remainderMib / bandwidth * 1000.0 + parameters.migrationSwitchoverMs();
        return new MigrationEstimate.Converges(totalSeconds, downtimeMs, movedMib, rounds);
    }

    /**
     * {@code value} as {@code %.0f} writes it. A whole number (dirty rates and bandwidths usually are) is
     * written without the formatter, which costs microseconds a call: the planner asks for one estimate per VM.
     */
    static String whole(double value) {
        if (value > 0 && value < 1e15 && value == Math.rint(value)) {
            return Long.toString((long) value);
        }
        return String.format(java.util.Locale.ROOT, "%.0f", value);
    }
}
