package io.molt.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.molt.protocol.Envelope;
import io.molt.protocol.Report;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProgressReportsTest {

    private final CountDownLatch brokerAnswers = new CountDownLatch(1);
    private final List<String> sending = new CopyOnWriteArrayList<>();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final ProgressReports reports = new ProgressReports(envelope -> {
        String step = ((Report.CommandProgress) envelope.payload()).step();
        sending.add(step);
        try {
            brokerAnswers.await(10, TimeUnit.SECONDS); // a slow broker: the confirm takes its time
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sent.add(step);
    });

    @AfterEach
    void close() {
        brokerAnswers.countDown();
        reports.close();
    }

    @Test
    void aStepThatReportsDoesNotWaitForASlowBroker() {
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            reports.offer("c1", progress("c1", "SAVING-" + i));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(5)).until(() -> sending.size() == 1);
        assertThat(sent).isEmpty();
    }

    @Test
    void perCommandOnlyTheNewestWaitingReportGoesOutAndCommandsKeepTheirTurn() {
        reports.offer("c1", progress("c1", "first"));
        await().atMost(Duration.ofSeconds(5)).until(() -> sending.size() == 1);
        reports.offer("c1", progress("c1", "overtaken"));
        reports.offer("c2", progress("c2", "other command"));
        reports.offer("c1", progress("c1", "newest"));

        brokerAnswers.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 3);
        assertThat(sent).containsExactly("first", "newest", "other command");
    }

    @Test
    void dropWaitsForTheReportBeingSentAndNoProgressOfTheCommandFollows() throws Exception {
        reports.offer("c1", progress("c1", "being sent"));
        await().atMost(Duration.ofSeconds(5)).until(() -> sending.size() == 1);
        reports.offer("c1", progress("c1", "waiting"));

        CompletableFuture<Void> dropped = CompletableFuture.runAsync(() -> reports.drop("c1"));
        Thread.sleep(200);
        assertThat(dropped).as("the result waits until the report in flight is confirmed").isNotDone();
        brokerAnswers.countDown();
        dropped.get(5, TimeUnit.SECONDS);

        reports.offer("c2", progress("c2", "later"));
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.contains("later"));
        assertThat(sent).containsExactly("being sent", "later");
    }

    private static Envelope progress(String command, String step) {
        return Envelope.of("compute-1", "camp-1", new Report.CommandProgress(command, step, 50, step), Instant.now());
    }
}
