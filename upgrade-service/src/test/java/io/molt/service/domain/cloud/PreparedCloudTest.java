package io.molt.service.domain.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PreparedCloudTest {

    private final CloudSnapshot generated = SyntheticCloud.generate(SyntheticCloudSpec.of(200, 4, 5));

    @Test
    void everyHostGetsTheAgentAndFileBackedMemoryAndAllButTheLegacyShareAPreservedRegion() {
        CloudSnapshot prepared = PreparedCloud.prepare(generated, 0.1, 5);
        assertThat(prepared.vms()).isEqualTo(generated.vms());
        assertThat(prepared.hosts()).allSatisfy(host -> {
            assertThat(host.capabilities().agentOnline()).isTrue();
            assertThat(host.capabilities().fileBackedSharedMemory()).isTrue();
            assertThat(host.capabilities().guestsAtOnce()).isGreaterThanOrEqualTo(4);
            assertThat(host.capabilities().preservedMemoryMib()).isIn(0L, host.capacity().ramMib());
        });
        long legacy = prepared.hosts().stream().filter(host -> host.capabilities().preservedMemoryMib() == 0).count();
        assertThat(legacy).isBetween(10L, 30L); // about 10% of 200
        assertThat(PreparedCloud.prepare(generated, 0.1, 5)).isEqualTo(prepared);
        assertThat(PreparedCloud.prepare(generated, 0, 5).hosts())
                .allSatisfy(host -> assertThat(host.capabilities().preservedMemoryMib()).isPositive());
    }

    @Test
    void aShareOutsideZeroToOneIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> PreparedCloud.prepare(generated, 1.5, 1)).hasMessageStartingWith("legacy-share");
    }
}
