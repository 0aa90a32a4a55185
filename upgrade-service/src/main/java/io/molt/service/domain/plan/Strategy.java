package io.molt.service.domain.plan;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the planner weighs a campaign's costs when it chooses each VM's action within the VM's downtime limit
 * (docs/adr/0009-planner-objective.md). Every strategy but {@link #LEAST_DOWNTIME} minimises
 * {@code per_gib_moved x GiB + per_makespan_second x host seconds + per_downtime_second x VM seconds} with
 * its own {@link #defaultWeights() weights}, which the campaign options may override.
 */
public enum Strategy {
    /** The default: in place wherever the VM's limit allows, and never a longer host step than moving it. */
    BALANCED("balanced", new ObjectiveWeights(60.0, 1.0, 1.0)),
    /** Each VM's least predicted downtime, moving less data within the downtime slack (Molt before ADR 0009). */
    LEAST_DOWNTIME("least-downtime", null),
    /** The least data over the network; host time and downtime break ties. */
    LEAST_MOVED("least-moved", new ObjectiveWeights(1000.0, 0.01, 0.01)),
    /** The shortest host steps, so the shortest campaign; data and downtime break ties. */
    FASTEST("fastest", new ObjectiveWeights(0.01, 1000.0, 0.01));

    private final String key;
    private final ObjectiveWeights defaultWeights;

    Strategy(String key, ObjectiveWeights defaultWeights) {
        this.key = key;
        this.defaultWeights = defaultWeights;
    }

    /** The name in options, the API and on the command line, e.g. {@code least-downtime}. */
    public String key() {
        return key;
    }

    /** The weights of the campaign cost; null for {@link #LEAST_DOWNTIME}, which ranks by downtime alone. */
    public ObjectiveWeights defaultWeights() {
        return defaultWeights;
    }

    /** Parses {@code balanced}, {@code least-downtime}... (also {@code LEAST_DOWNTIME}); refused naming the key. */
    public static Strategy parse(String text) {
        if (text != null) {
            String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Strategy strategy : values()) {
                if (strategy.key.equals(wanted)) {
                    return strategy;
                }
            }
        }
        throw new IllegalArgumentException("strategy: unknown strategy '" + text + "'; one of "
                + Arrays.stream(values()).map(Strategy::key).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return key;
    }
}
