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
            return new MigrationEstimate.DoesNotConverge(String.format(java.util.Locale.ROOT,
                    "dirty rate %.0f MiB/s >= bandwidth %.0f MiB/s", dirtyMibPerSec, bandwidth));
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
            return new MigrationEstimate.DoesNotConverge(String.format(java.util.Locale.ROOT,
                    "would take %.0f s, beyond Nova's completion timeout of %.0f s", totalSeconds, timeoutSeconds));
        }
        double downtimeMs = remainderMib / bandwidth * 1000.0 + parameters.migrationSwitchoverMs();
        return new MigrationEstimate.Converges(totalSeconds, downtimeMs, movedMib, rounds);
    }
}
