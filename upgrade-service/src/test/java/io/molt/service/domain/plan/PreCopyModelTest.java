package io.molt.service.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pre-copy live migration at the defaults: 1100 MiB/s, 500 ms downtime limit, 50 ms switch-over, 1 s setup. */
class PreCopyModelTest {

    private final PreCopyModel model = new PreCopyModel(CostParameters.DEFAULTS);

    @ParameterizedTest(name = "{0} MiB dirtying {1} MiB/s: {2} rounds, {3} ms down, {4} MiB sent")
    @CsvSource({
        // memory, dirty, rounds, downtime ms, moved MiB
        "2048,    0,   1,   50.0,    2048.0",     // nothing dirtied: one pass, empty remainder
        "8192,   16,   1,  158.3,    8311.2",     // q = 16/1100; remainder 8192 q = 119.2 MiB
        "4096,  800,   7,  450.7,   13843.2",     // q = 0.727: seven rounds until 440 MiB fits 500 ms
        "1024,  500,   1,  473.1,    1489.5",     // remainder 465 MiB already fits
        "65536, 100,   2,  542.4,   72035.4"})    // 5958 MiB after one round, 542 MiB after two
    void convergingMigrations(double memoryMib, double dirty, int rounds, double downtimeMs, double movedMib) {
        MigrationEstimate estimate = model.estimate(memoryMib, dirty, 0);
        assertThat(estimate).isInstanceOf(MigrationEstimate.Converges.class);
        MigrationEstimate.Converges converges = (MigrationEstimate.Converges) estimate;
        assertThat(converges.rounds()).isEqualTo(rounds);
        assertThat(converges.downtimeMs()).isCloseTo(downtimeMs, within(0.1));
        assertThat(converges.downtimeMs()).isLessThanOrEqualTo(500 + 50);
        assertThat(converges.movedMib()).isCloseTo(movedMib, within(0.1));
        assertThat(converges.totalSeconds()).isCloseTo(1 + movedMib / 1100 + 0.05, within(0.001));
    }

    @ParameterizedTest(name = "{0} MiB dirtying {1} MiB/s does not converge: {2}")
    @CsvSource({
        "4096,  1100, bandwidth",
        "4096,  3000, bandwidth",
        "65536, 1099, completion timeout"})
    void nonConvergingMigrations(double memoryMib, double dirty, String why) {
        MigrationEstimate estimate = model.estimate(memoryMib, dirty, 0);
        assertThat(estimate).isInstanceOf(MigrationEstimate.DoesNotConverge.class);
        assertThat(((MigrationEstimate.DoesNotConverge) estimate).why()).contains(why);
    }

    @ParameterizedTest(name = "{0} is written as %.0f writes it")
    @CsvSource({"0", "-0.0", "1", "1100", "2999", "0.5", "1.5", "2.5", "1099.4999", "1e15", "1e20", "-3", "123456789.7",
        "NaN", "Infinity"})
    void wholeNumbersAreWrittenAsTheFormatterWould(double value) {
        assertThat(PreCopyModel.whole(value)).isEqualTo(String.format(java.util.Locale.ROOT, "%.0f", value));
    }

    @Test
    void aSmallerDowntimeLimitNeedsMoreRounds() {
        CostParameters strict = new CostParameters(1100, 50, 1.0, 50, 800, 16, 1.25, 7.6, 5, 300, 1.0, 900, 900, 10,
                30, 60, 10);
        var relaxed = (MigrationEstimate.Converges) model.estimate(8192, 200, 0);
        var tight = (MigrationEstimate.Converges) new PreCopyModel(strict).estimate(8192, 200, 0);
        assertThat(tight.rounds()).isGreaterThan(relaxed.rounds());
        assertThat(tight.downtimeMs()).isLessThan(relaxed.downtimeMs());
        assertThat(tight.movedMib()).isGreaterThan(relaxed.movedMib());
    }
}
