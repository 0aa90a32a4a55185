package io.molt.service.domain.port;

import io.molt.service.domain.plan.Action;

/** Counts the measured downtime of each VM whose action is done (docs/metrics.md). */
public interface DowntimeMeter {

    DowntimeMeter NONE = (action, downtimeMs) -> { };

    void record(Action action, long downtimeMs);
}
