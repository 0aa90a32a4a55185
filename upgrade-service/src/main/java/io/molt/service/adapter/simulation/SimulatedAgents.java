package io.molt.service.adapter.simulation;

import io.molt.protocol.Commands;
import io.molt.protocol.Envelope;
import io.molt.protocol.GuestActionKind;
import io.molt.protocol.GuestOutcome;
import io.molt.protocol.GuestResult;
import io.molt.protocol.HostCapabilities;
import io.molt.protocol.MessageType;
import io.molt.protocol.ProgramRun;
import io.molt.protocol.Report;
import io.molt.protocol.ResultDetails;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.GuestLanes;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Host agents that live in memory: they say hello, send heartbeats and carry out commands after the time
 * the cost model predicts, changing the {@link SimulatedCloud} as real agents change a host. Their reports
 * go to the same handler as reports from the broker; their results are made as the real agent's are, by
 * {@link ResultDetails} and {@link Report.CommandResult#of}. Each guest's downtime is counted on its
 * host's simulated clock ({@link HostClocks}): from the start of its take-down to the end of its restore,
 * through the other guests' saves and restores and the upgrade command, scheduled as the real agent
 * works ({@link GuestLanes}). A repeated command id is answered with the recorded result, as the real agent's ledger
 * does. Hooks (command RunHook) run no program: a phase succeeds at once, as an agent with no hook configured
 * answers, unless a fault makes it fail. Faults: a silent agent (no heartbeats, commands wait in its queue until
 * it wakes), a failing upgrade command, a failing hook of one phase, every report sent twice (the copy up to {@link #LATE_COPY_MS} ms later, so that copies
 * arrive after newer reports), every command delivered twice, an agent clock that is off.
 */
public final class SimulatedAgents implements HostAgents, AutoCloseable {

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
    private final Set<String> withoutHooks = ConcurrentHashMap.newKeySet();
    private final Set<String> silentAtNextCommand = ConcurrentHashMap.newKeySet();
    private final Map<String, List<Envelope>> queued = new ConcurrentHashMap<>();
    private final Map<String, Integer> failingUpgrades = new ConcurrentHashMap<>();
    private final Map<String, Integer> failingHooks = new ConcurrentHashMap<>();  // key: host + " " + phase
    private final Map<String, List<String>> hooksRun = new ConcurrentHashMap<>();
    private final Map<String, Integer> commandsRun = new ConcurrentHashMap<>();
    private final HostClocks clocks = new HostClocks();
    private final Set<String> takenDown = ConcurrentHashMap.newKeySet();  // guests this agent took down
    private final AtomicInteger reportsCopied = new AtomicInteger();
    private final AtomicInteger commandsCopied = new AtomicInteger();
    private volatile boolean copyReports;
    private volatile boolean copyCommands;
    private volatile Duration clockOffset = Duration.ZERO;

    /** Deliveries of a report that the service fails to take, as the broker listener's retry makes them. */
    static final int DELIVERIES = 6;

    /** The most a report's copy is late by. */
    public static final int LATE_COPY_MS = 400;

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
        hosts.forEach(h -> report(h, hello(h)));
        executor.scheduleAtFixedRate(() -> hosts.stream().filter(h -> !silent.contains(h))
                .forEach(h -> report(h, new Report.Heartbeat(1))), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** Fault: the agent of {@code host} stops answering and sending heartbeats. */
    public void silence(String host) {
        silent.add(host);
    }

    /** Fault: the agent of {@code host} goes silent when its next command arrives (which then waits). */
    public void silenceAtNextCommand(String host) {
        silentAtNextCommand.add(host);
    }

    /** The agent comes back: hello, then the commands that waited in its queue. */
    public void wake(String host) {
        silentAtNextCommand.remove(host);
        silent.remove(host);
        report(host, hello(host));
        List<Envelope> waiting = queued.remove(host);
        if (waiting != null) {
            waiting.forEach(this::deliver);
        }
    }

    /**
     * Fault: the agent of {@code host} is one without hooks (or, {@code without} false, with them again): it says
     * hello at once without {@code command.run-hook} among its commands, and refuses that command as an agent
     * with no handler for it does.
     */
    public void withoutHooks(String host, boolean without) {
        if (without) {
            withoutHooks.add(host);
        } else {
            withoutHooks.remove(host);
        }
        report(host, hello(host));
    }

    /** Fault: the next {@code times} upgrade commands on {@code host} exit with code 1. */
    public void failUpgrades(String host, int times) {
        failingUpgrades.put(host, times);
    }

    /** Fault: the next {@code times} hooks of {@code phase} (before-down, after-up) on {@code host} exit with code 1. */
    public void failHooks(String host, String phase, int times) {
        new Commands.RunHook(phase, null); // refuses an unknown phase
        failingHooks.put(host + " " + phase, times);
    }

    /** The phases of the hooks the agent of {@code host} ran, in order, failed ones included. */
    public List<String> hooksRun(String host) {
        return List.copyOf(hooksRun.getOrDefault(host, List.of()));
    }

    /** Fault: every report is sent twice, the copy late; returns how many copies were sent so far. */
    public int copyReports(boolean on) {
        copyReports = on;
        return reportsCopied.get();
    }

    /** Fault: every command is delivered twice; returns how many were delivered again so far. */
    public int copyCommands(boolean on) {
        copyCommands = on;
        return commandsCopied.get();
    }

    /** Fault: the agents' clocks are off by {@code offset} (the time on their reports). */
    public void clockOffset(Duration offset) {
        clockOffset = offset;
    }

    /** How many commands (not counting repeated deliveries) the agent of {@code host} carried out. */
    public int commandsRun(String host) {
        return commandsRun.getOrDefault(host, 0);
    }

    /** The simulated time the agent of {@code host} spent on its commands, one after the other. */
    public Duration simulatedTime(String host) {
        return clocks.elapsed(host);
    }

    @Override
    public void send(Envelope command) {
        if (copyCommands) {
            commandsCopied.incrementAndGet();
            executor.schedule(() -> deliver(command), ThreadLocalRandom.current()
                    .nextInt(LATE_COPY_MS), TimeUnit.MILLISECONDS);
        }
        deliver(command);
    }

    private void deliver(Envelope command) {
        if (silentAtNextCommand.remove(command.host())) {
            silent.add(command.host());
        }
        if (silent.contains(command.host())) {
            queued.computeIfAbsent(command.host(), h -> new ArrayList<>()).add(command);
            return;
        }
        Report.CommandResult recorded = ledger.get(command.id());
        if (recorded != null) {
            executor.execute(() -> report(command.host(), recorded.asDuplicate()));
            return;
        }
        executor.schedule(() -> run(command), timings.wall(simulated(command)).toNanos(), TimeUnit.NANOSECONDS);
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
            // as the real agent: a guest that is not running when the command comes is left as it is
            List<Commands.GuestAction> stillUp = preserve.guests().stream().filter(g -> !clocks.isDown(g.vmUuid())
                    && cloud.find(g.vmUuid()).map(vm -> vm.state().running()).orElse(false)).toList();
            GuestLanes.Schedule takeDowns = schedule(host, stillUp, false);
            for (int i = 0; i < stillUp.size(); i++) {
                clocks.down(host, stillUp.get(i).vmUuid(), SimulatedTimings.seconds(takeDowns.starts()[i]));
                takenDown.add(stillUp.get(i).vmUuid());
            }
            clocks.advance(host, SimulatedTimings.seconds(takeDowns.lengthSeconds()));
            for (Commands.GuestAction g : preserve.guests()) {
                if (!takenDown.contains(g.vmUuid())) {
                    ResultDetails.put(details, new GuestResult(g.vmUuid(), GuestOutcome.ALREADY_OFF, "already off", null,
                            false));
                    continue;
                }
                boolean held = g.action() == GuestActionKind.PRESERVE;
                cloud.find(g.vmUuid()).ifPresent(vm -> cloud.setState(vm.uuid(), held ? VmState.PAUSED : VmState.SHUTOFF));
                ResultDetails.put(details, held ? new GuestResult(g.vmUuid(), GuestOutcome.PRESERVED, "preserved", null, true)
                        : g.action() == GuestActionKind.SUSPEND_TO_DISK
                                ? new GuestResult(g.vmUuid(), GuestOutcome.SAVED, "saved", null, false)
                                : new GuestResult(g.vmUuid(), GuestOutcome.SHUT_DOWN, "shut down", null, false));
            }
            return succeeded(envelope, "nova-compute stopped; " + preserve.guests().size() + " guests saved", details);
        }
        if (envelope.payload() instanceof Commands.RunUpgrade upgrade) {
            clocks.advance(host, timings.upgrade());
            int failures = failingUpgrades.getOrDefault(host, 0);
            if (failures > 0) {
                failingUpgrades.put(host, failures - 1);
                ResultDetails.put(details, new ProgramRun(1, false, "E: Unable to fetch some archives",
                        timings.upgrade().toMillis()));
                return Report.CommandResult.of(envelope.id(), Report.Outcome.FAILED,
                        String.join(" ", upgrade.command()) + " exited with code 1", details);
            }
            cloud.hypervisorVersion(host, upgradedVersion);
            ResultDetails.put(details, new ProgramRun(0, false, "Setting up qemu-system-x86 (" + upgradedVersion + ") ...",
                    timings.upgrade().toMillis()));
            return succeeded(envelope, "upgrade command exited with code 0", details);
        }
        if (envelope.payload() instanceof Commands.RestoreGuests restore) {
            clocks.advance(host, timings.boot(restore.bootInto()));
            GuestLanes.Schedule returns = schedule(host, restore.guests(), true);
            for (int i = 0; i < restore.guests().size(); i++) {
                Commands.GuestAction g = restore.guests().get(i);
                if (!takenDown.remove(g.vmUuid())) {
                    ResultDetails.put(details, new GuestResult(g.vmUuid(), GuestOutcome.LEFT_OFF,
                            "left off: it was not running when the campaign reached it", 0L, false));
                    continue;
                }
                cloud.find(g.vmUuid()).ifPresent(vm -> cloud.setState(vm.uuid(), VmState.ACTIVE));
                Duration down = clocks.up(host, g.vmUuid(), SimulatedTimings.seconds(returns.ends()[i]));
                ResultDetails.put(details, restored(g, down));
            }
            clocks.advance(host, SimulatedTimings.seconds(returns.lengthSeconds()));
            if (restore.startNovaCompute()) {
                cloud.computeService(host, true);
            }
            return succeeded(envelope, restore.guests().size() + " guests restored; nova-compute started", details);
        }
        if (envelope.payload() instanceof Commands.RunHook hook && !withoutHooks.contains(host)) {
            return runHook(envelope, hook);
        }
        if (envelope.payload() instanceof Commands.Ping ping) {
            return succeeded(envelope, "pong from " + host, Map.of("host", host));
        }
        return new Report.CommandResult(envelope.id(), Report.Outcome.REFUSED, "the simulated agent has no handler for "
                + envelope.type().wireName(), Map.of(), false);
    }

    private Report.CommandResult runHook(Envelope envelope, Commands.RunHook hook) {
        String host = envelope.host();
        hooksRun.computeIfAbsent(host, h -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(hook.phase());
        String key = host + " " + hook.phase();
        int failures = failingHooks.getOrDefault(key, 0);
        Map<String, String> details = new LinkedHashMap<>(Map.of("phase", hook.phase(),
                "hook", "/usr/local/sbin/molt-hook " + hook.phase()));
        if (failures > 0) {
            failingHooks.put(key, failures - 1);
            ResultDetails.put(details, new ProgramRun(1, false, "Error: segment host " + host + " not found", 0));
            return Report.CommandResult.of(envelope.id(), Report.Outcome.FAILED, hook.phase()
                    + " hook /usr/local/sbin/molt-hook " + hook.phase() + " exited with code 1", details);
        }
        ResultDetails.put(details, new ProgramRun(0, false, "", 0));
        return succeeded(envelope, hook.phase() + " hook /usr/local/sbin/molt-hook " + hook.phase()
                + " exited with code 0", details);
    }

    /** The command's simulated duration: what {@link #execute} advances the host's clock by. */
    private Duration simulated(Envelope envelope) {
        Duration total = Duration.ZERO;
        if (envelope.payload() instanceof Commands.PreserveGuests p) {
            total = SimulatedTimings.seconds(schedule(envelope.host(), p.guests(), false).lengthSeconds());
        } else if (envelope.payload() instanceof Commands.RunUpgrade) {
            total = timings.upgrade();
        } else if (envelope.payload() instanceof Commands.RestoreGuests r) {
            total = timings.boot(r.bootInto())
                    .plus(SimulatedTimings.seconds(schedule(envelope.host(), r.guests(), true).lengthSeconds()));
        }
        return total;
    }

    /**
     * The host's agent's schedule for these guests' take-downs (or returns): its own guests at once, as the
     * planner counts them ({@link GuestLanes}).
     */
    private GuestLanes.Schedule schedule(String host, List<Commands.GuestAction> guests, boolean back) {
        int atOnce = cloud.findHost(host).map(h -> h.capabilities().guestsAtOnce()).orElse(1);
        double[] work = new double[guests.size()];
        Action[] actions = new Action[guests.size()];
        for (int i = 0; i < work.length; i++) {
            Commands.GuestAction g = guests.get(i);
            work[i] = (back ? bringBack(g) : takeDown(host, g)).toNanos() / 1e9;
            actions[i] = Action.valueOf(g.action().name());
        }
        return GuestLanes.schedule(atOnce, work, actions);
    }

    private Duration takeDown(String host, Commands.GuestAction guest) {
        return cloud.find(guest.vmUuid()).map(vm -> timings.takeDown(guest.action(), vm,
                cloud.findHost(host).orElse(null))).orElse(Duration.ZERO);
    }

    private Duration bringBack(Commands.GuestAction guest) {
        return cloud.find(guest.vmUuid()).map(vm -> timings.bringBack(guest.action(), vm)).orElse(Duration.ZERO);
    }

    /** The hello of the host's agent: its capabilities and the commands it carries out, as a v2 agent says them. */
    private Report.AgentHello hello(String host) {
        List<String> commands = new ArrayList<>(List.of(MessageType.PING.wireName(),
                MessageType.PRESERVE_GUESTS.wireName(), MessageType.RUN_UPGRADE.wireName(),
                MessageType.RESTORE_GUESTS.wireName()));
        if (!withoutHooks.contains(host)) {
            commands.add(MessageType.RUN_HOOK.wireName());
        }
        return new Report.AgentHello("simulated", capabilities(host), commands);
    }

    /** What the host's agent announces: the capabilities the simulated cloud gives the host. */
    private HostCapabilities capabilities(String host) {
        io.molt.service.domain.cloud.HostCapabilities c = cloud.findHost(host).map(Host::capabilities)
                .orElse(io.molt.service.domain.cloud.HostCapabilities.NONE);
        return new HostCapabilities("simulated://", true, c.libvirtVersion() == null ? "9.0.0" : c.libvirtVersion(),
                c.qemuVersion() == null ? "7.2.0" : c.qemuVersion(), c.kexecSupported(), c.preservedMemoryMib() << 20,
                c.fileBackedSharedMemory(), 256L << 30, c.guestsAtOnce());
    }

    /** A guest brought back, in the real agent's words: its RAM mapped again, or started from its save or a boot. */
    private static GuestResult restored(Commands.GuestAction guest, Duration down) {
        return switch (guest.action()) {
            case PRESERVE -> new GuestResult(guest.vmUuid(), GuestOutcome.RESTORED, "restored with its RAM kept",
                    down.toMillis(), true);
            case SUSPEND_TO_DISK -> new GuestResult(guest.vmUuid(), GuestOutcome.STARTED, "resumed from its managed save",
                    down.toMillis(), false);
            case COLD_RESTART -> new GuestResult(guest.vmUuid(), GuestOutcome.STARTED, "booted", down.toMillis(), false);
        };
    }

    /** A result as the real agent makes it: typed fields from the flat form its details hold ({@link ResultDetails}). */
    private static Report.CommandResult succeeded(Envelope e, String message, Map<String, String> details) {
        return Report.CommandResult.of(e.id(), Report.Outcome.SUCCEEDED, message, details);
    }

    private void report(String host, Report payload) {
        Envelope envelope = Envelope.of(host, null, payload, Instant.now().plus(clockOffset));
        if (copyReports) {
            reportsCopied.incrementAndGet();
            executor.schedule(() -> accept(envelope), ThreadLocalRandom.current()
                    .nextInt(LATE_COPY_MS), TimeUnit.MILLISECONDS);
        }
        accept(envelope);
    }

    /**
     * Hands the report to the service as the broker's listener does: a report the service fails to take
     * (its database unreachable, say) is delivered again after 0.5, 1, 2, 4 and 8 s
     * ({@code spring.rabbitmq.listener.simple.retry}: {@value #DELIVERIES} deliveries), then dropped.
     */
    private void accept(Envelope envelope) {
        accept(envelope, 1);
    }

    private void accept(Envelope envelope, int delivery) {
        try {
            reports.accept(envelope);
        } catch (RuntimeException e) {
            if (delivery < DELIVERIES) {
                executor.schedule(() -> accept(envelope, delivery + 1), 500L << (delivery - 1), TimeUnit.MILLISECONDS);
                return;
            }
            org.slf4j.LoggerFactory.getLogger(SimulatedAgents.class).warn(
                    "simulated report from {} refused {} times, dropped: {}", envelope.host(), DELIVERIES, e.toString());
        }
    }
}
