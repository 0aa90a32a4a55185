package io.molt.service.adapter.simulation;

import io.molt.service.domain.cloud.CloudException;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.LiveMigration;
import io.molt.service.domain.cloud.Resources;
import io.molt.service.domain.cloud.ServerGroup;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.port.ComputeCloud;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A Nova that lives in memory: services, servers and live migrations that take the time the cost model
 * predicts (times the time scale), with faults to inject. It checks before it acts, as the Nova adapter
 * does. Agents ({@link SimulatedAgents}) change it the way a host's agent changes the real cloud.
 */
public final class SimulatedCloud implements ComputeCloud {

    private record Running(LiveMigration migration, long endsAtNanos, boolean fails) {
    }

    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Map<String, Vm> vms = new LinkedHashMap<>();
    private final List<ServerGroup> groups;
    private final Map<String, Running> migrations = new HashMap<>();
    private final Map<String, Integer> migrationsStarted = new ConcurrentHashMap<>();
    private final Map<String, Integer> disables = new ConcurrentHashMap<>();
    private final Set<String> failingMigrations = ConcurrentHashMap.newKeySet();
    private final SimulatedTimings timings;
    private long nextMigrationId = 1;
    private int peakRunningMigrations;

    public SimulatedCloud(CloudSnapshot initial, SimulatedTimings timings) {
        initial.hosts().forEach(h -> hosts.put(h.name(), h));
        initial.vms().forEach(v -> vms.put(v.uuid(), v));
        this.groups = initial.serverGroups();
        this.timings = timings;
    }

    /** Fault: every live migration of this server ends in ERROR until {@link #healMigrations()}. */
    public void failMigrationsOf(String serverUuid) {
        failingMigrations.add(serverUuid);
    }

    public void healMigrations() {
        failingMigrations.clear();
    }

    /** The most live migrations that ran at once. */
    public synchronized int peakRunningMigrations() {
        settleMigrations();
        return peakRunningMigrations;
    }

    /** How many live migrations of this server were started. */
    public int migrationsStarted(String serverUuid) {
        return migrationsStarted.getOrDefault(serverUuid, 0);
    }

    @Override
    public synchronized CloudSnapshot snapshot() {
        settleMigrations();
        Map<String, Resources> used = new HashMap<>();
        // what Nova's placement claims on the host: a volume-backed server's disk is on its volume, not local
        vms.values().forEach(v -> used.merge(v.host(), v.volumeBacked() ? new Resources(v.flavor().vcpus(),
                v.flavor().ramMib(), 0) : v.flavor(), Resources::plus));
        List<Host> now = new ArrayList<>();
        for (Host h : hosts.values()) {
            now.add(new Host(h.name(), h.availabilityZone(), h.aggregates(), h.capacity(),
                    used.getOrDefault(h.name(), Resources.ZERO), h.enabled(), h.up(), h.hypervisorVersion(),
                    h.capabilities(), h.disabledReason()));
        }
        return new CloudSnapshot(Instant.now(), now, List.copyOf(vms.values()), groups);
    }

    /** How often {@code host}'s compute service was disabled. */
    public int disables(String host) {
        return disables.getOrDefault(host, 0);
    }

    @Override
    public synchronized void disableHost(String host, String reason) {
        Host h = host(host);
        disables.merge(host, 1, Integer::sum);
        hosts.put(host, withService(h, false, h.up(), reason));
    }

    @Override
    public synchronized void enableHost(String host) {
        Host h = host(host);
        hosts.put(host, withService(h, true, h.up(), null));
    }

    @Override
    public synchronized Optional<LiveMigration> liveMigrate(String serverUuid, Optional<String> destinationHost) {
        settleMigrations();
        Vm vm = vm(serverUuid);
        Running running = migrations.get(serverUuid);
        if (running != null) {
            return Optional.of(running.migration());
        }
        if (destinationHost.isPresent() && destinationHost.get().equals(vm.host())) {
            return Optional.empty();
        }
        if (vm.state() != VmState.ACTIVE) {
            throw new CloudException.Conflict("server " + serverUuid + " is " + vm.state() + ", not ACTIVE", 409);
        }
        String destination = destinationHost.orElseGet(() -> anyOtherHost(vm.host()));
        Host target = hosts.get(destination);
        if (target == null || !target.enabled() || !target.up()) {
            throw new CloudException.NoValidHost("No valid host was found: " + destination
                    + " is not an enabled, up compute host", 400);
        }
        long ramBytes = vm.flavor().ramMib() << 20;
        LiveMigration m = new LiveMigration(nextMigrationId++, serverUuid, vm.host(), destination,
                LiveMigration.Status.RUNNING, ramBytes, ramBytes);
        migrations.put(serverUuid, new Running(m, System.nanoTime() + timings.migration(vm).toNanos(),
                failingMigrations.contains(serverUuid)));
        migrationsStarted.merge(serverUuid, 1, Integer::sum);
        peakRunningMigrations = Math.max(peakRunningMigrations, migrations.size());
        return Optional.of(m);
    }

    @Override
    public synchronized LiveMigration migration(String serverUuid, long migrationId) {
        Running running = migrations.get(serverUuid);
        if (running != null && running.migration().id() == migrationId) {
            return settle(serverUuid, running);
        }
        // as Nova's migration list: an ended migration's record stays readable
        LiveMigration ended = finished.get(migrationId);
        if (ended != null && ended.serverUuid().equals(serverUuid)) {
            return ended;
        }
        throw new CloudException.NotFound("no live migration " + migrationId + " of server " + serverUuid, 404);
    }

    @Override
    public LiveMigration awaitMigration(String serverUuid, long migrationId, Duration timeout,
            Consumer<LiveMigration> progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            LiveMigration m;
            synchronized (this) {
                Running running = migrations.get(serverUuid);
                m = running == null ? finished.get(migrationId) : settle(serverUuid, running);
            }
            if (m != null) {
                progress.accept(m);
                if (m.status().isFinal()) {
                    return m;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new CloudException.Transient("migration " + migrationId + " still running after " + timeout, 0,
                        null);
            }
            pause();
        }
    }

    @Override
    public synchronized void abortMigration(String serverUuid, long migrationId) {
        Running running = migrations.get(serverUuid);
        if (running != null && running.migration().id() == migrationId
                && !settle(serverUuid, running).status().isFinal()) {
            migrations.remove(serverUuid);
            finished.put(migrationId, running.migration().withStatus(LiveMigration.Status.CANCELLED));
            return;
        }
        // as the Nova adapter: a cancelled one is a no-op, one that ended otherwise cannot be aborted
        LiveMigration ended = migration(serverUuid, migrationId);
        if (ended.status() != LiveMigration.Status.CANCELLED && ended.status() != LiveMigration.Status.CANCELLING) {
            throw new CloudException.Conflict("live migration " + migrationId + " of " + serverUuid
                    + " cannot be aborted: it has already ended " + ended.status(), 0);
        }
    }

    @Override
    public synchronized void stopServer(String serverUuid) {
        setState(serverUuid, VmState.SHUTOFF);
    }

    @Override
    public synchronized void startServer(String serverUuid) {
        setState(serverUuid, VmState.ACTIVE);
    }

    @Override
    public synchronized void deleteServer(String serverUuid) {
        vms.remove(serverUuid);
    }

    /** What an agent does to the cloud: nova-compute stops or starts on its host. */
    synchronized void computeService(String host, boolean up) {
        Host h = host(host);
        hosts.put(host, withService(h, h.enabled(), up, h.disabledReason()));
    }

    synchronized void hypervisorVersion(String host, String version) {
        Host h = host(host);
        hosts.put(host, new Host(h.name(), h.availabilityZone(), h.aggregates(), h.capacity(), h.used(), h.enabled(),
                h.up(), version, h.capabilities(), h.disabledReason()));
    }

    synchronized void setState(String serverUuid, VmState state) {
        Vm v = vm(serverUuid);
        vms.put(serverUuid, new Vm(v.uuid(), v.name(), v.projectId(), v.host(), v.flavor(), state, v.volumeBacked(),
                v.specialDevices(), v.policy(), v.maxDowntimeMs(), v.serverGroupId(), v.dirtyRateMibPerSec(),
                v.metadata(), powerState(state), null));
    }

    synchronized Optional<Vm> find(String serverUuid) {
        return Optional.ofNullable(vms.get(serverUuid));
    }

    synchronized Optional<Host> findHost(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    private final Map<Long, LiveMigration> finished = new HashMap<>();
    /** Per source host, the simulated time of its completed live migrations, one after the other. */
    private final Map<String, Duration> migratedSimulated = new HashMap<>();

    /**
     * The simulated time the live migrations that completed off this host took, added up (the engine runs
     * them one at a time unless the campaign allows more).
     */
    public synchronized Duration simulatedMigrationTime(String host) {
        return migratedSimulated.getOrDefault(host, Duration.ZERO);
    }

    private LiveMigration settle(String serverUuid, Running running) {
        if (System.nanoTime() < running.endsAtNanos()) {
            return running.migration();
        }
        migrations.remove(serverUuid);
        LiveMigration m = running.migration();
        LiveMigration done;
        if (running.fails()) {
            done = m.withStatus(LiveMigration.Status.ERROR);
        } else {
            Vm v = vms.get(serverUuid);
            vms.put(serverUuid, new Vm(v.uuid(), v.name(), v.projectId(), m.destinationHost(), v.flavor(), v.state(),
                    v.volumeBacked(), v.specialDevices(), v.policy(), v.maxDowntimeMs(), v.serverGroupId(),
                    v.dirtyRateMibPerSec(), v.metadata(), v.powerState(), null));
            done = new LiveMigration(m.id(), m.serverUuid(), m.sourceHost(), m.destinationHost(),
                    LiveMigration.Status.COMPLETED, m.memoryTotalBytes(), 0L);
            migratedSimulated.merge(m.sourceHost(), timings.migrationSimulated(v), Duration::plus);
        }
        finished.put(m.id(), done);
        return done;
    }

    private void settleMigrations() {
        new ArrayList<>(migrations.entrySet()).forEach(e -> settle(e.getKey(), e.getValue()));
    }

    private String anyOtherHost(String source) {
        return hosts.values().stream().filter(h -> !h.name().equals(source) && h.enabled() && h.up())
                .map(Host::name).findFirst()
                .orElseThrow(() -> new CloudException.NoValidHost("No valid host was found", 400));
    }

    private Host host(String name) {
        Host h = hosts.get(name);
        if (h == null) {
            throw new CloudException.NotFound("compute service of host " + name + " not found", 404);
        }
        return h;
    }

    private Vm vm(String uuid) {
        Vm v = vms.get(uuid);
        if (v == null) {
            throw new CloudException.NotFound("server " + uuid + " not found", 404);
        }
        return v;
    }

    private static Host withService(Host h, boolean enabled, boolean up, String reason) {
        return new Host(h.name(), h.availabilityZone(), h.aggregates(), h.capacity(), h.used(), enabled, up,
                h.hypervisorVersion(), h.capabilities(), enabled ? null : reason);
    }

    /** Nova's power state name for a server in {@code state} (a stopped server is SHUTDOWN). */
    private static String powerState(VmState state) {
        return switch (state) {
            case ACTIVE -> "RUNNING";
            case SHUTOFF -> "SHUTDOWN";
            default -> state.name();
        };
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException.Transient("interrupted while following a migration", 0, e);
        }
    }
}
