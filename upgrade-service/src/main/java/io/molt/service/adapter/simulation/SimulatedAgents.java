package io.molt.service.adapter.simulation;

import io.molt.protocol.Commands;
import io.molt.protocol.Envelope;
import io.molt.protocol.HostCapabilities;
import io.molt.protocol.Report;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.UpgradeTarget;
import io.molt.service.domain.port.HostAgents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Host agents that live in memory: they say hello, send heartbeats and carry out commands after the time
 * the cost model predicts, changing the {@link SimulatedCloud} as real agents change a host. Their reports
 * go to the same handler as reports from the broker. A repeated command id is answered with the recorded
 * result, as the real agent's ledger does. Faults: a silent agent (no heartbeats, commands wait in its
 * queue until it wakes), a failing upgrade command.
 */
public final class SimulatedAgents implements HostAgents, AutoCloseable {

    private static final HostCapabilities CAPABILITIES = new HostCapabilities("simulated://", true, "9.0.0", "7.2.0",
            true, 64L << 30, true, 256L << 30);

    private final SimulatedCloud cloud;
    private final SimulatedTimings timings;
    private final Consumer<Envelope> reports;
    private final List<String> hosts;
    private final String upgradedVersion;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "molt-simulated-agents");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Report.CommandResult> ledger = new ConcurrentHashMap<>();
    private final Set<String> silent = ConcurrentHashMap.newKeySet();
    private final Map<String, List<Envelope>> queued = new ConcurrentHashMap<>();
    private final Map<String, Integer> failingUpgrades = new ConcurrentHashMap<>();
    private final Map<String, Integer> commandsRun = new ConcurrentHashMap<>();

    public SimulatedAgents(SimulatedCloud cloud, SimulatedTimings timings, List<String> hosts, String upgradedVersion,
            Consumer<Envelope> reports) {
        this.cloud = cloud;
        this.timings = timings;
        this.hosts = List.copyOf(hosts);
        this.upgradedVersion = upgradedVersion;
        this.reports = reports;
    }

    /** Says hello for every host and sends heartbeats every {@code interval}. */
    public SimulatedAgents start(Duration interval) {
        hosts.forEach(h -> report(h, new Report.AgentHello("simulated", CAPABILITIES)));
        executor.scheduleAtFixedRate(() -> hosts.stream().filter(h -> !silent.contains(h))
                .forEach(h -> report(h, new Report.Heartbeat(1))), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** Fault: the agent of {@code host} stops answering and sending heartbeats. */
    public void silence(String host) {
        silent.add(host);
    }

    /** The agent comes back: hello, then the commands that waited in its queue. */
    public void wake(String host) {
        silent.remove(host);
        report(host, new Report.AgentHello("simulated", CAPABILITIES));
        List<Envelope> waiting = queued.remove(host);
        if (waiting != null) {
            waiting.forEach(this::send);
        }
    }

    /** Fault: the next {@code times} upgrade commands on {@code host} exit with code 1. */
    public void failUpgrades(String host, int times) {
        failingUpgrades.put(host, times);
    }

    /** How many commands (not counting repeated deliveries) the agent of {@code host} carried out. */
    public int commandsRun(String host) {
        return commandsRun.getOrDefault(host, 0);
    }

    @Override
    public void send(Envelope command) {
        if (silent.contains(command.host())) {
            queued.computeIfAbsent(command.host(), h -> new ArrayList<>()).add(command);
            return;
        }
        Report.CommandResult recorded = ledger.get(command.id());
        if (recorded != null) {
            executor.execute(() -> report(command.host(), recorded.asDuplicate()));
            return;
        }
        executor.schedule(() -> run(command), duration(command).toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private synchronized void run(Envelope command) {
        if (silent.contains(command.host())) {
            queued.computeIfAbsent(command.host(), h -> new ArrayList<>()).add(command);
            return;
        }
        Report.CommandResult result = ledger.get(command.id());
        if (result == null) {
            result = execute(command);
            ledger.put(command.id(), result);
            commandsRun.merge(command.host(), 1, Integer::sum);
        }
        report(command.host(), result);
    }

    private Report.CommandResult execute(Envelope envelope) {
        String host = envelope.host();
        Map<String, String> details = new LinkedHashMap<>();
        if (envelope.payload() instanceof Commands.PreserveGuests preserve) {
            if (preserve.stopNovaCompute()) {
                cloud.computeService(host, false);
            }
            for (Commands.GuestAction g : preserve.guests()) {
                cloud.find(g.vmUuid()).ifPresent(vm -> cloud.setState(vm.uuid(),
                        g.action().equals("PRESERVE") ? VmState.PAUSED : VmState.SHUTOFF));
                details.put("guest." + g.vmUuid(), g.action().equals("PRESERVE") ? "preserved" : "saved");
            }
            return succeeded(envelope, "nova-compute stopped; " + preserve.guests().size() + " guests saved", details);
        }
        if (envelope.payload() instanceof Commands.RunUpgrade upgrade) {
            int failures = failingUpgrades.getOrDefault(host, 0);
            if (failures > 0) {
                failingUpgrades.put(host, failures - 1);
                details.put("exit_code", "1");
                details.put("output_tail", "E: Unable to fetch some archives");
                return new Report.CommandResult(envelope.id(), Report.Outcome.FAILED,
                        String.join(" ", upgrade.command()) + " exited with code 1", details, false);
            }
            cloud.hypervisorVersion(host, upgradedVersion);
            details.put("exit_code", "0");
            details.put("output_tail", "Setting up qemu-system-x86 (" + upgradedVersion + ") ...");
            return succeeded(envelope, "upgrade command exited with code 0", details);
        }
        if (envelope.payload() instanceof Commands.RestoreGuests restore) {
            UpgradeTarget target = UpgradeTarget.KERNEL;
            for (Commands.GuestAction g : restore.guests()) {
                cloud.find(g.vmUuid()).ifPresent(vm -> cloud.setState(vm.uuid(), VmState.ACTIVE));
                details.put("downtime_ms." + g.vmUuid(), Long.toString(timings.preserveDowntimeMs(target)));
            }
            if (restore.startNovaCompute()) {
                cloud.computeService(host, true);
            }
            return succeeded(envelope, restore.guests().size() + " guests restored; nova-compute started", details);
        }
        if (envelope.payload() instanceof Commands.Ping ping) {
            return succeeded(envelope, "pong from " + host, Map.of("host", host));
        }
        return new Report.CommandResult(envelope.id(), Report.Outcome.REFUSED, "the simulated agent has no handler for "
                + envelope.type().wireName(), Map.of(), false);
    }

    private Duration duration(Envelope envelope) {
        if (envelope.payload() instanceof Commands.PreserveGuests p) {
            return timings.preserve(p.guests().size());
        }
        if (envelope.payload() instanceof Commands.RunUpgrade u) {
            return timings.upgrade(UpgradeTarget.valueOf(u.target()));
        }
        if (envelope.payload() instanceof Commands.RestoreGuests r) {
            return timings.preserve(r.guests().size());
        }
        return Duration.ofMillis(1);
    }

    private static Report.CommandResult succeeded(Envelope e, String message, Map<String, String> details) {
        return new Report.CommandResult(e.id(), Report.Outcome.SUCCEEDED, message, details, false);
    }

    private void report(String host, Report payload) {
        try {
            reports.accept(Envelope.of(host, null, payload, Instant.now()));
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(SimulatedAgents.class).warn("simulated report from {} refused: {}",
                    host, e.toString());
        }
    }
}
