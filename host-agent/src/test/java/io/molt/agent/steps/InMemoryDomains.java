package io.molt.agent.steps;

import io.molt.agent.libvirt.DomainInfo;
import io.molt.agent.libvirt.DomainState;
import io.molt.agent.libvirt.MemoryBacking;
import io.molt.agent.libvirt.UnsupportedDomains;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A hypervisor in memory with what a clean shutdown and a start need: domains that shut off when asked,
 * and start again. A test can make a domain's shutdown or start wait (on a latch) or fail first; the
 * fake records the calls in the order they came and how many were in progress at once.
 */
final class InMemoryDomains extends UnsupportedDomains {

    private static final MemoryBacking ANONYMOUS = new MemoryBacking(false, false, false, false);

    private final Map<UUID, DomainInfo> domains = new ConcurrentHashMap<>();
    private final List<UUID> shutdowns = new CopyOnWriteArrayList<>();
    private final List<UUID> starts = new CopyOnWriteArrayList<>();
    private final List<UUID> managedSaves = new CopyOnWriteArrayList<>();
    private final java.util.Set<UUID> saveImages = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private volatile Consumer<UUID> beforeShutdown = uuid -> { };
    private volatile Consumer<UUID> beforeStart = uuid -> { };

    /** Running guests named {@code <prefix>-<n>}, in that order. */
    List<UUID> running(String prefix, int count) {
        List<UUID> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID uuid = UUID.nameUUIDFromBytes((prefix + "-" + i).getBytes());
            domains.put(uuid, new DomainInfo(uuid, prefix + "-" + i, DomainState.RUNNING, 64, ANONYMOUS, Optional.empty()));
            added.add(uuid);
        }
        return added;
    }

    /** Runs before a shutdown takes effect: may wait, or throw (a {@code DomainsException} is a failed call). */
    void beforeShutdown(Consumer<UUID> hook) {
        this.beforeShutdown = hook;
    }

    void beforeStart(Consumer<UUID> hook) {
        this.beforeStart = hook;
    }

    List<UUID> shutdowns() {
        return List.copyOf(shutdowns);
    }

    List<UUID> starts() {
        return List.copyOf(starts);
    }

    /** Shutdowns and starts in progress right now. */
    int inProgress() {
        return inProgress.get();
    }

    int mostAtOnce() {
        return mostAtOnce.get();
    }

    DomainState state(UUID uuid) {
        return domains.get(uuid).state();
    }

    /** The guest paused, as by a managed save under way. */
    void pause(UUID uuid) {
        set(uuid, DomainState.PAUSED);
    }

    /** A managed save that ends now (called by someone else, e.g. an agent that died since): off, with its image. */
    void saved(UUID uuid) {
        saveImages.add(uuid);
        set(uuid, DomainState.SHUTOFF);
    }

    List<UUID> managedSaves() {
        return List.copyOf(managedSaves);
    }

    @Override
    public void managedSave(UUID uuid) {
        managedSaves.add(uuid);
        saved(uuid);
    }

    @Override
    public void resume(UUID uuid) {
        set(uuid, DomainState.RUNNING);
    }

    /** Answers what a managed save asks first: x-ignore-shared set off, and the capabilities (it is off). */
    @Override
    public String monitorCommand(UUID uuid, String qmpJson) {
        return qmpJson.contains("query-migrate-capabilities")
                ? "{\"return\":[{\"capability\":\"x-ignore-shared\",\"state\":false}]}" : "{\"return\":{}}";
    }

    @Override
    public void shutdown(UUID uuid) {
        shutdowns.add(uuid);
        act(uuid, beforeShutdown, DomainState.SHUTOFF);
    }

    @Override
    public void start(UUID uuid) {
        starts.add(uuid);
        act(uuid, beforeStart, DomainState.RUNNING);
    }

    private void act(UUID uuid, Consumer<UUID> before, DomainState after) {
        mostAtOnce.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
        try {
            before.accept(uuid);
            set(uuid, after);
        } finally {
            inProgress.decrementAndGet();
        }
    }

    private void set(UUID uuid, DomainState state) {
        domains.computeIfPresent(uuid, (id, d) -> new DomainInfo(id, d.name(), state, d.memoryMib(), d.memory(),
                d.novaInstanceUuid()));
    }

    @Override
    public void destroy(UUID uuid) {
        set(uuid, DomainState.SHUTOFF);
    }

    @Override
    public List<DomainInfo> list() {
        return List.copyOf(domains.values());
    }

    @Override
    public Optional<DomainInfo> find(UUID uuid) {
        return Optional.ofNullable(domains.get(uuid));
    }

    @Override
    public boolean hasManagedSaveImage(UUID uuid) {
        return saveImages.contains(uuid);
    }
}
