package io.molt.service.adapter.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Gauges of one name whose label sets come and go with the database's rows: a label set seen again keeps its
 * gauge and takes the new value (a scrape never misses it), one no longer seen is removed.
 */
final class GaugeFamily {

    private final String name;
    private final String description;
    private final String baseUnit;
    private final MeterRegistry registry;
    private final Map<Tags, AtomicReference<Double>> values = new ConcurrentHashMap<>();
    private final Map<Tags, Gauge> gauges = new ConcurrentHashMap<>();

    GaugeFamily(MeterRegistry registry, String name, String baseUnit, String description) {
        this.registry = registry;
        this.name = name;
        this.baseUnit = baseUnit;
        this.description = description;
    }

    void update(Map<Tags, Double> now) {
        now.forEach((tags, value) -> values.computeIfAbsent(tags, t -> {
            AtomicReference<Double> holder = new AtomicReference<>(value);
            gauges.put(t, Gauge.builder(name, holder, AtomicReference::get).tags(t).baseUnit(baseUnit)
                    .description(description).strongReference(true).register(registry));
            return holder;
        }).set(value));
        for (Tags gone : values.keySet()) {
            if (!now.containsKey(gone)) {
                values.remove(gone);
                registry.remove(gauges.remove(gone));
            }
        }
    }
}
