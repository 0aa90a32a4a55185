package io.molt.service.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretScanTest {

    @Test
    void namesWhereASecretOrATokenShowsWithoutShowingIt() {
        String token = "gAAAAABn" + "x".repeat(60);
        var found = SecretScan.leaks(Map.of("the password", "hunter2-pw"),
                Map.of("log", "line one\nauth with hunter2-pw\n", "events", "token " + token, "clean", "nothing"));

        assertThat(found).containsExactlyInAnyOrder("the password in log (line 2)", "a Keystone token in events (line 1)");
        assertThat(String.join(" ", found)).doesNotContain("hunter2-pw").doesNotContain(token);
    }
}
