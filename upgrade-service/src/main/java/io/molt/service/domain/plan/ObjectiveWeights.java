package io.molt.service.domain.plan;

/**
 * The weights of the campaign cost a strategy minimises, each in cost units per unit of its figure; a null
 * weight takes the strategy's default. The default {@link Strategy#BALANCED} weights make one GiB sent over
 * the network cost as much as a minute of host time or of one VM's downtime.
 *
 * @param perGibMoved       per GiB sent over the network
 * @param perMakespanSecond per second a VM's action keeps its host's upgrade step busy
 * @param perDowntimeSecond per second of one VM's downtime
 */
public record ObjectiveWeights(Double perGibMoved, Double perMakespanSecond, Double perDowntimeSecond) {

    /** No weight overridden: the strategy's own. */
    public static final ObjectiveWeights NONE = new ObjectiveWeights(null, null, null);

    public ObjectiveWeights {
        refuseNegative("weights.per_gib_moved", perGibMoved);
        refuseNegative("weights.per_makespan_second", perMakespanSecond);
        refuseNegative("weights.per_downtime_second", perDowntimeSecond);
    }

    /** These weights over the strategy's defaults (each null taken from them). */
    public ObjectiveWeights over(ObjectiveWeights defaults) {
        return new ObjectiveWeights(perGibMoved != null ? perGibMoved : defaults.perGibMoved,
                perMakespanSecond != null ? perMakespanSecond : defaults.perMakespanSecond,
                perDowntimeSecond != null ? perDowntimeSecond : defaults.perDowntimeSecond);
    }

    boolean isNone() {
        return perGibMoved == null && perMakespanSecond == null && perDowntimeSecond == null;
    }

    private static void refuseNegative(String key, Double value) {
        if (value != null && !(value >= 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(key + " must be a finite number, not negative: " + value);
        }
    }
}
