package io.molt.service.domain.plan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * {@code String.format(Locale.ROOT, "%.Nf", value)} for 0 to {@value #MAX_DECIMALS} decimals, the same text,
 * without a {@link java.util.Formatter} per call: a plan of 400,000 VMs puts about a million figures into words
 * (every VM's reason), and the formatter's pattern parsing was most of that.
 *
 * <p>{@code %.Nf} rounds the shortest decimal form of the double half up (so 1.005 is "1.01"). Here the value
 * times 10^N is rounded directly when it is clearly away from a half (the common case, exact for the sizes of
 * a plan); near a half, for large or negative values and for NaN and infinities, the shortest decimal form is
 * rounded as {@code %.Nf} rounds it, or the formatter itself is used.
 */
final class FixedDecimals {

    static final int MAX_DECIMALS = 3;

    /** Beyond this, value times 10^N loses the precision that tells a half from its neighbours. */
    private static final double DIRECT_LIMIT = 1e9;

    /** How close to a half the scaled value must be for the exact path. */
    private static final double NEAR_HALF = 1e-3;

    private static final long[] POWERS = {1, 10, 100, 1000};

    private FixedDecimals() {
    }

    static String format(double value, int decimals) {
        StringBuilder text = new StringBuilder(16);
        append(text, value, decimals);
        return text.toString();
    }

    static StringBuilder append(StringBuilder text, double value, int decimals) {
        if (decimals < 0 || decimals > MAX_DECIMALS) {
            throw new IllegalArgumentException("decimals " + decimals + " outside 0.." + MAX_DECIMALS);
        }
        if (Double.doubleToRawLongBits(value) < 0 || !Double.isFinite(value)) {
            return text.append(String.format(Locale.ROOT, "%." + decimals + "f", value)); // negative (-0.0 too), NaN, infinite
        }
        if (value >= DIRECT_LIMIT) {
            return text.append(BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString());
        }
        long power = POWERS[decimals];
        double scaled = value * power;
        double floor = Math.floor(scaled);
        double fraction = scaled - floor;
        if (Math.abs(fraction - 0.5) < NEAR_HALF) {
            return text.append(BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).toPlainString());
        }
        long units = (long) floor + (fraction > 0.5 ? 1 : 0);
        text.append(units / power);
        if (decimals > 0) {
            String digits = Long.toString(units % power);
            text.append('.');
            for (int pad = digits.length(); pad < decimals; pad++) {
                text.append('0');
            }
            text.append(digits);
        }
        return text;
    }
}
