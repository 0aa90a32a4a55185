package io.molt.service.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.protocol.KernelBoot;
import io.molt.service.domain.cloud.MeasuredKexec;
import io.molt.service.domain.port.KernelBoots;
import io.molt.service.support.ServiceTestEnvironment;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The hosts' measured kernel upgrades on the real PostgreSQL with the real migrations (V14). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class JdbcKernelBootsIT {

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("kernelboots");
    private static final Instant T0 = Instant.parse("2026-12-04T19:00:00Z");

    @Autowired
    KernelBoots boots;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @AfterAll
    static void cleanUp() {
        env.close();
    }

    @Test
    void eachHostGetsTheMediansOfItsNewestFiveUpgradesAndAnAnswerIsKeptOnce() {
        // host x: six upgrades, the oldest (90 s) no longer counts; host y: one, without a restore from kept RAM
        long[] toAgent = {90_000, 8_000, 9_000, 7_000, 30_000, 8_500};
        Long[] restore = {5_000L, 600L, null, 800L, 700L, 900L};
        for (int i = 0; i < toAgent.length; i++) {
            boots.record("x", "restore-x-" + i, new KernelBoot("Linux version 6.12", toAgent[i], restore[i]),
                    T0.plusSeconds(60L * i));
        }
        boots.record("x", "restore-x-5", new KernelBoot("Linux version 6.12", 1, 1L), T0.plusSeconds(3600));
        boots.record("y", "restore-y-0", new KernelBoot("Linux version 6.12", 12_340, null), T0);

        assertThat(boots.measured()).containsEntry("x", new MeasuredKexec(8.5, 0.75, 5))
                .containsEntry("y", new MeasuredKexec(12.34, null, 1)).doesNotContainKey("z");
        assertThat(boots.measured("x")).contains(new MeasuredKexec(8.5, 0.75, 5));
        assertThat(boots.measured("z")).isEmpty();
    }
}
