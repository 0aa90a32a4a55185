package io.molt.service.adapter.nova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.molt.service.domain.cloud.CloudException;
import io.molt.service.domain.cloud.CloudSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** nova-api stopped for a moment: calls fail as transient, and a retrying call succeeds once it is back. */
class NovaUnreachableIT {

    private final DevCloud devCloud = DevCloud.connect();

    @AfterEach
    void novaApiRunsAgain() {
        DevCloud.script("service", "start", "nova-api");
    }

    @Test
    void stoppedNovaApiIsTransientAndTheRetrySucceedsWhenItIsBack() throws Exception {
        AtomicInteger retries = new AtomicInteger();
        NovaComputeCloud retrying = new NovaComputeCloud(
                devCloud.properties(new NovaProperties.Retry(50, Duration.ofMillis(250), Duration.ofSeconds(2))),
                Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), e -> retries.incrementAndGet());
        NovaComputeCloud once = new NovaComputeCloud(
                devCloud.properties(new NovaProperties.Retry(1, Duration.ofMillis(10), Duration.ofMillis(10))),
                Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), e -> { });
        retrying.snapshot();  // authenticated while everything runs

        DevCloud.script("service", "stop", "nova-api");
        assertThatThrownBy(once::snapshot)
                .isInstanceOf(CloudException.Transient.class)
                .hasMessageContaining("unreachable");

        CompletableFuture<CloudSnapshot> snapshot = CompletableFuture.supplyAsync(retrying::snapshot);
        await().atMost(Duration.ofSeconds(30)).until(() -> retries.get() >= 2);
        assertThat(snapshot).isNotDone();

        DevCloud.script("service", "start", "nova-api");

        assertThat(snapshot.get(120, TimeUnit.SECONDS).hosts()).extracting(h -> h.name()).contains("compute-1");
    }
}
