package io.molt.service.domain.cloud;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a host's own kernel upgrades took, as its agent measured them (protocol {@code KernelBoot}): the
 * medians of its newest {@value #UPGRADES}, which the cost model uses in place of its defaults for this host
 * (docs/cost-model.md).
 *
 * @param kexecSeconds   from the kexec command to the agent on the new kernel: the host's outage
 * @param restoreSeconds the longest restore of one guest from its kept RAM after the kexec; null when none of
 *                       the upgrades restored a guest so
 * @param upgrades       how many kernel upgrades the medians are of (1 to {@value #UPGRADES})
 */
public record MeasuredKexec(double kexecSeconds, Double restoreSeconds, int upgrades) {

    /** How many of a host's newest kernel upgrades count. */
    public static final int UPGRADES = 5;

    public MeasuredKexec {
        if (kexecSeconds < 0 || restoreSeconds != null && restoreSeconds < 0 || upgrades < 1) {
            throw new IllegalArgumentException("a measured kexec needs non-negative times and an upgrade");
        }
    }

    /** One upgrade's figures, in milliseconds. */
    public record Upgrade(long toAgentMs, Long restoreMs) {
    }

    /** The medians of the newest {@value #UPGRADES} upgrades (newest first), or empty when there are none. */
    public static Optional<MeasuredKexec> of(List<Upgrade> newestFirst) {
        List<Upgrade> counted = newestFirst.subList(0, Math.min(UPGRADES, newestFirst.size()));
        if (counted.isEmpty()) {
            return Optional.empty();
        }
        List<Long> restores = new ArrayList<>();
        counted.stream().map(Upgrade::restoreMs).filter(r -> r != null).forEach(restores::add);
        double kexec = median(counted.stream().mapToLong(Upgrade::toAgentMs).toArray()) / 1000;
        Double restore = restores.isEmpty() ? null : median(restores.stream().mapToLong(Long::longValue).toArray()) / 1000;
        return Optional.of(new MeasuredKexec(kexec, restore, counted.size()));
    }

    /** For a plan's reason, e.g. {@code kexec 8.4 s, a guest's restore 0.7 s: measured on this host (median of 3 kernel upgrades)}. */
    public String describe() {
        return "kexec " + seconds(kexecSeconds) + (restoreSeconds == null ? "" : ", a guest's restore "
                + seconds(restoreSeconds)) + ": measured on this host (" + (upgrades == 1 ? "its last kernel upgrade"
                : "median of its last " + upgrades + " kernel upgrades") + ")";
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static String seconds(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f s", value);
    }
}
