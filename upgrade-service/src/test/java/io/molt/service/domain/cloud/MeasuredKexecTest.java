package io.molt.service.domain.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.domain.cloud.MeasuredKexec.Upgrade;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A host's measured kernel upgrades as the cost model takes them: medians of the newest five. */
class MeasuredKexecTest {

    @Test
    void noUpgradeNoFigure() {
        assertThat(MeasuredKexec.of(List.of())).isEmpty();
    }

    @Test
    void theMediansOfTheNewestFiveUpgrades() {
        // newest first; the sixth (a slow first boot) no longer counts
        List<Upgrade> upgrades = List.of(new Upgrade(8000, 600L), new Upgrade(9000, null), new Upgrade(7000, 800L),
                new Upgrade(30000, 700L), new Upgrade(8500, 900L), new Upgrade(90000, 5000L));

        MeasuredKexec measured = MeasuredKexec.of(upgrades).orElseThrow();

        assertThat(measured).isEqualTo(new MeasuredKexec(8.5, 0.75, 5));
        assertThat(measured.describe()).isEqualTo("kexec 8.5 s, a guest's restore 0.8 s: measured on this host "
                + "(median of its last 5 kernel upgrades)");
    }

    @Test
    void anUpgradeThatRestoredNoGuestGivesTheKexecAlone() {
        MeasuredKexec measured = MeasuredKexec.of(List.of(new Upgrade(12340, null))).orElseThrow();

        assertThat(measured).isEqualTo(new MeasuredKexec(12.34, null, 1));
        assertThat(measured.describe()).isEqualTo("kexec 12.3 s: measured on this host (its last kernel upgrade)");
    }
}
