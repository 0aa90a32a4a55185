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

/**
 * SUSPEND_TO_DISK (managed save: all RAM to libvirt's save file, QEMU stops) and RESUME (start from
 * it). The fallback when a domain's RAM cannot be preserved in place. Journaled, idempotent: a domain
 * that already has its managed save image is suspended; a running one is resumed.
 */
public final class SuspendToDisk {

    public static final String SUSPEND = "SUSPEND_TO_DISK";
    public static final String RESUME = "RESUME";
    static final Path LIBVIRT_SAVE_DIR = Path.of("/var/lib/libvirt/qemu/save");

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
        } else {
            data.putAll(last.get().data());
        }
        return verifySuspended(operationId, uuid, data, progress);
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
        if (!domain.get().running()) {
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
        boolean running = domains.find(uuid).map(DomainInfo::running).orElse(false);
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
        try (IncomingMonitor monitor = IncomingMonitor.await(settings.monitorDir().resolve(uuid + ".qmp"), List.of(),
                Duration.ofSeconds(60), () -> { }, () -> { })) {
            domains.start(uuid);
        }
    }
}
