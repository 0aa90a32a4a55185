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

    /** The guest starts going down now; false if it is down already (it keeps its first moment). */
    synchronized boolean down(String host, String guest) {
        return downSince.putIfAbsent(guest, now(host)) == null;
    }

    /** The guest runs again now: how long it was down, zero if it was not taken down. */
    synchronized Duration up(String host, String guest) {
        Duration since = downSince.remove(guest);
        return since == null ? Duration.ZERO : now(host).minus(since);
    }

    private Duration now(String host) {
        return now.getOrDefault(host, Duration.ZERO);
    }
}
