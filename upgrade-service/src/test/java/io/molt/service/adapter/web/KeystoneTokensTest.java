package io.molt.service.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeystoneTokensTest {

    @Test
    void readsBothFormsOfExpiryThatKeystoneWrites() throws IOException {
        assertThat(KeystoneTokens.expiry("2026-12-02T18:25:15.000000Z")).isEqualTo(Instant.parse("2026-12-02T18:25:15Z"));
        assertThat(KeystoneTokens.expiry("2026-12-02T18:25:15")).isEqualTo(Instant.parse("2026-12-02T18:25:15Z"));
    }

    @Test
    void anExpiryThatIsNotATimeIsAnAnswerKeystoneShouldNotGive() {
        assertThatThrownBy(() -> KeystoneTokens.expiry("tomorrow")).isInstanceOf(IOException.class)
                .hasMessageContaining("'tomorrow'");
    }
}
