package io.molt.agent.steps;

import io.molt.agent.journal.JournalEntry;
import io.molt.agent.journal.StepJournal;
import io.molt.agent.libvirt.DomainInfo;
import io.molt.agent.libvirt.DomainState;
import io.molt.agent.libvirt.Domains;
import io.molt.agent.libvirt.DomainsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SUSPEND_TO_DISK (managed save: all RAM to libvirt's save file, QEMU stops) and RESUME (start from
 * it). The fallback when a domain's RAM cannot be preserved in place. Journaled, idempotent: a domain
 * that already has its managed save image is suspended; a running one is resumed.
 * <p>An operation an agent journaled and did not see end (it was killed; found by {@code AgentFaultsCampaignIT}) is
 * finished by the next run:
 * <ul>
 * <li>{@code SAVING}: libvirt's save, if the dead agent had called it, goes on without it and keeps the guest paused
 *     until it ends: the agent waits up to {@value #LEFT_SECONDS} s for the guest to leave the paused state. A guest
 *     then shut off with its image is suspended; one that runs with no image was never saved (the agent died before
 *     its call, or the save failed and libvirt resumed it) and is saved now, journaled {@code SAVING} again with its
 *     {@code attempt}, up to {@value #MAX_ATTEMPTS} times.</li>
 * <li>{@code STARTING}: a domain active but not running is a start the dead agent left, its new QEMU perhaps waiting
 *     on the extra monitor only that agent would have served ({@link LeftRestore}, which connects to it): the agent
 *     waits for it to run; if it does not within {@value #LEFT_SECONDS} s, that QEMU is killed (the image stays) and
 *     the domain started again.</li>
 * </ul>
 */
public final class SuspendToDisk {

    public static final String SUSPEND = "SUSPEND_TO_DISK";
    public static final String RESUME = "RESUME";
    static final Path LIBVIRT_SAVE_DIR = Path.of("/var/lib/libvirt/qemu/save");
    static final int LEFT_SECONDS = 60;
    static final int MAX_ATTEMPTS = 3;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Logger log = LoggerFactory.getLogger(SuspendToDisk.class);

    private final Domains domains;
    private final StepJournal journal;
    private final PreservationSettings settings;
    private final Prechecks prechecks;

    public SuspendToDisk(Domains domains, StepJournal journal, PreservationSettings settings) {
        this.domains = domains;
        this.journal = journal;
        this.settings = settings;
        this.prechecks = new Prechecks(domains, settings, journal);
    }

    public StepResult suspend(String operationId, UUID uuid, Progress progress) {
        Optional<JournalEntry> last = journal.last(operationId);
        if (last.isPresent() && last.get().terminal()) {
            return StepResult.recorded(last.get());
        }
        Map<String, String> data = new HashMap<>(Map.of("uuid", uuid.toString()));
        if (last.isEmpty()) {
            List<Refusal> refusals = prechecks.suspend(uuid, LIBVIRT_SAVE_DIR);
            if (!refusals.isEmpty()) {
                StepResult refused = StepResult.refused(refusals);
                journal.record(operationId, SUSPEND, "REFUSED", StepResult.withResult(data, refused));
                return refused;
            }
            data.put("name", domains.find(uuid).orElseThrow().name());
            save(operationId, uuid, data, progress);
        } else {
            data.putAll(last.get().data());
            finishLeftSave(operationId, uuid, data, progress);
        }
        return verifySuspended(operationId, uuid, data, progress);
    }

    private void save(String operationId, UUID uuid, Map<String, String> data, Progress progress) {
        journal.record(operationId, SUSPEND, "SAVING", data);
        progress.report("SAVING", 10, "managed save of " + data.get("name"));
        long start = System.nanoTime();
        try {
            // a managed save must carry the RAM: never with x-ignore-shared left on by anyone
            MemoryFiles.ignoreShared(domains, uuid, false);
            domains.managedSave(uuid);
        } catch (DomainsException e) {
            data.put("error", e.getMessage());
        }
        data.put("save_ms", Long.toString((System.nanoTime() - start) / 1_000_000));
    }

    /** A save journaled by an agent that did not see it end: awaited if under way, made if it never was. */
    private void finishLeftSave(String operationId, UUID uuid, Map<String, String> data, Progress progress) {
        boolean paused = domains.find(uuid).map(d -> d.state() == DomainState.PAUSED).orElse(false);
        awaitLeaving(uuid, DomainState.PAUSED);
        boolean unsaved = domains.find(uuid).map(DomainInfo::running).orElse(false) && !domains.hasManagedSaveImage(uuid);
        long attempts = journal.count(operationId, "SAVING");
        log.info("{}: a managed save left by a stopped agent: {}", data.get("name"), paused ? "under way, awaited"
                : unsaved ? (attempts < MAX_ATTEMPTS ? "never made, saving again" : "never made, no attempt left")
                : "made");
        if (unsaved && attempts < MAX_ATTEMPTS) {
            data.put("attempt", Long.toString(attempts + 1));
            data.remove("error");
            save(operationId, uuid, data, progress);
        }
    }

    /** Waits up to {@value #LEFT_SECONDS} s while the domain is in {@code state}. */
    private void awaitLeaving(UUID uuid, DomainState state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(LEFT_SECONDS).toNanos();
        while (domains.find(uuid).map(d -> d.state() == state).orElse(false) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    private StepResult verifySuspended(String operationId, UUID uuid, Map<String, String> data, Progress progress) {
        Optional<DomainInfo> domain = domains.find(uuid);
        if (domain.isPresent() && domain.get().state() == DomainState.PAUSED) {
            domains.resume(uuid); // a failed save can leave the guest paused (FACTS.md)
            domain = domains.find(uuid);
        }
        boolean suspended = domain.isPresent() && domain.get().state() == DomainState.SHUTOFF && domains.hasManagedSaveImage(uuid);
        StepResult result = suspended
                ? StepResult.succeeded(data.get("name") + " is suspended to disk", data)
                : StepResult.failed("managed save of " + data.get("name") + " failed: " + data.getOrDefault("error", "no save image")
                        + "; the domain is " + domain.map(DomainInfo::state).orElse(null), data);
        journal.record(operationId, SUSPEND, suspended ? "DONE" : "FAILED", StepResult.withResult(data, result));
        progress.report(suspended ? "DONE" : "FAILED", 100, result.message());
        return result;
    }

    public StepResult resume(String operationId, UUID uuid, Progress progress) {
        Optional<JournalEntry> last = journal.last(operationId);
        if (last.isPresent() && last.get().terminal()) {
            return StepResult.recorded(last.get());
        }
        Optional<DomainInfo> domain = domains.find(uuid);
        Map<String, String> data = new HashMap<>(Map.of("uuid", uuid.toString()));
        domain.ifPresent(d -> data.put("name", d.name()));
        if (domain.isEmpty()) {
            StepResult refused = StepResult.refused(List.of(new Refusal("NO_SUCH_DOMAIN", "no domain with UUID " + uuid)));
            journal.record(operationId, RESUME, "REFUSED", StepResult.withResult(data, refused));
            return refused;
        }
        boolean leftStart = last.isPresent() && last.get().phase().equals("STARTING")
                && domain.get().state() != DomainState.SHUTOFF && !domain.get().running();
        if (leftStart) { // it runs after this, or its QEMU was killed and the domain is shut off: started again below
            new LeftRestore(domains, Duration.ofSeconds(LEFT_SECONDS), List.of()).finish(uuid, domain.get().name(),
                    monitorSocket(uuid));
        }
        if (!running(uuid)) {
            journal.record(operationId, RESUME, "STARTING", data);
            progress.report("STARTING", 10, "starting " + data.get("name") + " from its managed save image");
            long start = System.nanoTime();
            try {
                startWithOwnMonitor(uuid);
            } catch (DomainsException e) {
                data.put("error", e.getMessage());
            }
            data.put("restore_ms", Long.toString((System.nanoTime() - start) / 1_000_000));
        }
        boolean running = running(uuid);
        StepResult result = running ? StepResult.succeeded(data.get("name") + " runs", data)
                : StepResult.failed("start of " + data.get("name") + " failed: " + data.getOrDefault("error", "not running"), data);
        journal.record(operationId, RESUME, running ? "DONE" : "FAILED", StepResult.withResult(data, result));
        progress.report(running ? "DONE" : "FAILED", 100, result.message());
        return result;
    }

    /**
     * A domain that was preserved once carries the agent's extra monitor with {@code wait=on} in its
     * live XML, so in its managed save image (not in its persistent XML, which cannot tell): its QEMU
     * waits for the agent to connect before it starts. So the agent always stands by on that socket.
     */
    @SuppressWarnings("try") // the monitor is not used in the body: it only has to stand by while the domain starts
    private void startWithOwnMonitor(UUID uuid) {
        try (IncomingMonitor monitor = IncomingMonitor.await(monitorSocket(uuid), List.of(),
                Duration.ofSeconds(60), () -> { }, () -> { })) {
            domains.start(uuid);
        }
    }

    private Path monitorSocket(UUID uuid) {
        return settings.monitorDir().resolve(uuid + ".qmp");
    }

    private boolean running(UUID uuid) {
        return domains.find(uuid).map(DomainInfo::running).orElse(false);
    }
}
