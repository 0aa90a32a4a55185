package io.molt.service.adapter.memory;

import io.molt.protocol.KernelBoot;
import io.molt.service.domain.cloud.MeasuredKexec;
import io.molt.service.domain.port.KernelBoots;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link KernelBoots} in memory, for unit tests: the same medians as the JDBC adapter, newest first. */
public final class InMemoryKernelBoots implements KernelBoots {

    private final Map<String, String> hostByCommand = new LinkedHashMap<>();
    private final Map<String, List<MeasuredKexec.Upgrade>> newestFirst = new HashMap<>();

    @Override
    public synchronized void record(String host, String commandId, KernelBoot boot, Instant at) {
        if (hostByCommand.putIfAbsent(commandId, host) == null) {
            newestFirst.computeIfAbsent(host, h -> new ArrayList<>())
                    .add(0, new MeasuredKexec.Upgrade(boot.toAgentMs(), boot.restoreMs()));
        }
    }

    @Override
    public synchronized Map<String, MeasuredKexec> measured() {
        Map<String, MeasuredKexec> medians = new HashMap<>();
        newestFirst.forEach((host, upgrades) -> MeasuredKexec.of(upgrades).ifPresent(m -> medians.put(host, m)));
        return medians;
    }

    @Override
    public synchronized Optional<MeasuredKexec> measured(String host) {
        return Optional.ofNullable(measured().get(host));
    }
}
