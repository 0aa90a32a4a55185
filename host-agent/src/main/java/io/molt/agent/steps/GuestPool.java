package io.molt.agent.steps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Works on a campaign step's guests, up to {@code guests.at-once} of them at the same time:
 * <ol>
 * <li>Guests start in plan order, each as soon as fewer than {@code atOnce} are in hand.</li>
 * <li>Before each start the step may say stop (PreserveGuests does once a take-down failed); a guest
 *     whose work throws stops the starts too. No guest starts after that.</li>
 * <li>Every guest started is followed to its end, whatever becomes of the others.</li>
 * <li>Then the results, in plan order (only the guests started), or the first exception thrown again.</li>
 * </ol>
 * With {@code atOnce} 1 the guests go one after the other, as a loop would take them.
 */
final class GuestPool {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int atOnce;

    GuestPool(int atOnce) {
        if (atOnce < 1) {
            throw new IllegalArgumentException("guests at once must be at least 1, not " + atOnce);
        }
        this.atOnce = atOnce;
    }

    int atOnce() {
        return atOnce;
    }

    /** {@code work} must not return null; {@code stop} is asked before each start. */
    <T, R> Map<T, R> run(List<T> guests, Function<T, R> work, BooleanSupplier stop) {
        if (guests.isEmpty()) {
            return Map.of();
        }
        Map<T, R> results = new ConcurrentHashMap<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Semaphore inHand = new Semaphore(atOnce);
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(atOnce, guests.size()), threadsNamed());
        boolean interrupted = false;
        try {
            for (T guest : guests) {
                try {
                    inHand.acquire();
                } catch (InterruptedException e) {
                    interrupted = true; // the agent is stopping: start no more, finish the ones in hand
                    break;
                }
                if (thrown.get() != null || stop.getAsBoolean()) {
                    break;
                }
                threads.execute(() -> {
                    try {
                        results.put(guest, work.apply(guest));
                    } catch (Throwable t) {
                        thrown.compareAndSet(null, t);
                    } finally {
                        inHand.release();
                    }
                });
            }
        } finally {
            threads.shutdown();
            interrupted |= awaitEnd(threads);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        rethrow(thrown.get());
        Map<T, R> inOrder = new LinkedHashMap<>();
        guests.stream().filter(results::containsKey).forEach(g -> inOrder.put(g, results.get(g)));
        return inOrder;
    }

    /** Waits for every guest in hand: work on a guest is never abandoned half way. True if interrupted meanwhile. */
    private static boolean awaitEnd(ExecutorService threads) {
        boolean interrupted = false;
        while (true) {
            try {
                if (threads.awaitTermination(1, TimeUnit.MINUTES)) {
                    return interrupted;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }

    private static void rethrow(Throwable thrown) {
        if (thrown instanceof RuntimeException e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
        if (thrown != null) {
            throw new IllegalStateException(thrown);
        }
    }

    private static java.util.concurrent.ThreadFactory threadsNamed() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "molt-guests-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true); // as the command thread: the agent's exit is not held up by them
            return t;
        };
    }
}
