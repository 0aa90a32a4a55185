package io.molt.service.adapter.nova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.service.domain.cloud.CloudException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrierTest {

    private final List<Duration> waits = new ArrayList<>();
    private final AtomicInteger retries = new AtomicInteger();
    private final Retrier retrier = new Retrier(new NovaProperties.Retry(5, Duration.ofMillis(100), Duration.ofMillis(300)),
            waits::add, e -> retries.incrementAndGet());

    @Test
    void transientFailuresAreRetriedWithGrowingBoundedBackoff() {
        AtomicInteger calls = new AtomicInteger();

        String result = retrier.call("read", () -> {
            if (calls.incrementAndGet() < 4) {
                throw new CloudException.Transient("down", 503, null);
            }
            return "ok";
        });

        assertThat(result).isEqualTo("ok");
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
        assertThat(retries).hasValue(3);
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastMessage() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retrier.call("read", () -> {
            calls.incrementAndGet();
            throw new CloudException.Transient("Nova unreachable", 0, null);
        })).isInstanceOf(CloudException.Transient.class)
                .hasMessage("read failed 5 times; last: Nova unreachable");
        assertThat(calls).hasValue(5);
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retrier.run("migrate", () -> {
            calls.incrementAndGet();
            throw new CloudException.NoValidHost("No valid host was found", 400);
        })).isInstanceOf(CloudException.NoValidHost.class);
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
    }
}
