package io.molt.service.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FixedDecimalsTest {

    @Test
    void writesWhatTheFormatterWritesForTheFiguresOfAPlan() {
        Random random = new Random(12);
        for (int i = 0; i < 20_000; i++) {
            double value = switch (i % 5) {
                case 0 -> random.nextDouble() * 100;
                case 1 -> Math.round(random.nextDouble() * 100_000) / 1000.0 + 0.005; // halves of the last digit
                case 2 -> random.nextInt(100_000) / 200.0;
                case 3 -> random.nextDouble() * 1e7;
                default -> random.nextInt(1000) * 0.05;
            };
            for (int decimals = 0; decimals <= FixedDecimals.MAX_DECIMALS; decimals++) {
                assertFormatted(value, decimals);
            }
        }
    }

    @Test
    void roundsTheShortestDecimalFormHalfUpAsTheFormatterDoes() {
        assertThat(FixedDecimals.format(1.005, 2)).isEqualTo("1.01");
        assertThat(FixedDecimals.format(0.125, 2)).isEqualTo("0.13");
        assertThat(FixedDecimals.format(2.5, 0)).isEqualTo("3");
        assertThat(FixedDecimals.format(0.05, 1)).isEqualTo("0.1");
        assertThat(FixedDecimals.format(7, 2)).isEqualTo("7.00");
        assertThat(FixedDecimals.format(0.001, 2)).isEqualTo("0.00");
    }

    @Test
    void leavesNegativeLargeAndNonFiniteValuesToTheFormattersRules() {
        for (double value : new double[] {-0.0, -1.005, -12.25, 1e9, 123_456_789_012.345, 9.2e18, Double.MAX_VALUE,
                Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE}) {
            for (int decimals = 0; decimals <= FixedDecimals.MAX_DECIMALS; decimals++) {
                assertFormatted(value, decimals);
            }
        }
    }

    @Test
    void refusesMoreDecimalsThanItKnows() {
        assertThatThrownBy(() -> FixedDecimals.format(1, 4)).hasMessageContaining("decimals 4");
    }

    private static void assertFormatted(double value, int decimals) {
        assertThat(FixedDecimals.format(value, decimals)).as("%s to %d decimals", value, decimals)
                .isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", value));
    }
}
