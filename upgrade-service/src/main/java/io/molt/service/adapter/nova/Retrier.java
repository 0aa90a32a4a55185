package io.molt.service.adapter.nova;

import io.molt.service.domain.cloud.CloudException;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a call again after {@link CloudException.Transient} failures, waiting twice as long each time
 * (up to a maximum), for a bounded number of attempts. Other failures pass through at once. What is
 * retried must be safe to repeat: the adapter retries whole check-then-act steps, not bare requests.
 */
final class Retrier {

    /** Waits; replaced in tests. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final NovaProperties.Retry policy;
    private final Sleeper sleeper;
    private final Consumer<CloudException.Transient> onRetry;

    Retrier(NovaProperties.Retry policy, Sleeper sleeper, Consumer<CloudException.Transient> onRetry) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.onRetry = onRetry;
    }

    <T> T call(String what, Supplier<T> action) {
        Duration backoff = policy.initialBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                return action.get();
            } catch (CloudException.Transient e) {
                if (attempt >= policy.maxAttempts()) {
                    throw new CloudException.Transient(what + " failed " + attempt + " times; last: "
                            + e.getMessage(), e.httpStatus(), e);
                }
                onRetry.accept(e);
                pause(backoff, e);
                backoff = min(backoff.multipliedBy(2), policy.maxBackoff());
            }
        }
    }

    void run(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    private void pause(Duration backoff, CloudException.Transient cause) {
        try {
            sleeper.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
