package io.molt.service.adapter.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.port.DowntimeMeter;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code molt_vm_downtime_seconds{action}}: a histogram of the measured downtime of each VM, recorded by the
 * replica whose engine finished it (each VM once), so that the sum over replicas is the campaign's truth.
 */
@Component
class MicrometerDowntimes implements DowntimeMeter {

    private static final double[] BUCKETS = {0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300};

    private final Map<Action, DistributionSummary> summaries = new EnumMap<>(Action.class);

    MicrometerDowntimes(MeterRegistry registry) {
        for (Action action : Action.values()) {
            summaries.put(action, DistributionSummary.builder("molt.vm.downtime").baseUnit("seconds")
                    .description("Measured downtime of each VM whose action is done")
                    .tag("action", action.name()).serviceLevelObjectives(BUCKETS).register(registry));
        }
    }

    @Override
    public void record(Action action, long downtimeMs) {
        summaries.get(action).record(downtimeMs / 1000.0);
    }
}
