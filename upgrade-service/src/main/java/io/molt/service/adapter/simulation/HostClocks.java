package io.molt.service.adapter.simulation;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The simulated clock of each host: it advances only by the simulated durations (the cost model's, not
 * scaled) of what the host's agent carries out, one command after the other. The wall time between two
 * commands (the engine's ticks and transactions, a paused campaign) is no simulated time. A guest's
 * downtime is its host's simulated time from the start of its take-down to the end of its restore.
 */
final class HostClocks {

    private final Map<String, Duration> now = new HashMap<>();
    private final Map<String, Duration> downSince = new HashMap<>();

    /** The host's simulated time moves on by {@code work}. */
    synchronized void advance(String host, Duration work) {
        now.merge(host, work, Duration::plus);
    }

    /** Whether the guest was taken down and has not come back yet. */
    synchronized boolean isDown(String guest) {
        return downSince.containsKey(guest);
    }

    /** The guest starts going down {@code after} the host's simulated now (it keeps its first moment). */
    synchronized void down(String host, String guest, Duration after) {
        downSince.putIfAbsent(guest, now(host).plus(after));
    }

    /** The guest runs again {@code after} the host's simulated now: how long it was down, zero if it was not. */
    synchronized Duration up(String host, String guest, Duration after) {
        Duration since = downSince.remove(guest);
        return since == null ? Duration.ZERO : now(host).plus(after).minus(since);
    }

    /** The host's simulated time: what its agent's commands took, one after the other. */
    synchronized Duration elapsed(String host) {
        return now(host);
    }

    private Duration now(String host) {
        return now.getOrDefault(host, Duration.ZERO);
    }
}
