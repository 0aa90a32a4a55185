package io.molt.agent.steps;

import io.molt.agent.journal.JournalEntry;
import io.molt.agent.journal.StepJournal;
import io.molt.agent.libvirt.DomainInfo;
import io.molt.agent.libvirt.DomainState;
import io.molt.agent.libvirt.Domains;
import io.molt.agent.libvirt.DomainsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PRESERVE_REPLACE: replaces the QEMU process of a running domain and keeps its RAM, through libvirt,
 * so that the domain keeps its name and UUID (docs/adr/0005-preservation-through-libvirt.md).
 * <ol>
 * <li>{@code BEGUN}: precheck passed; the migratable XML is written beside the state file.</li>
 * <li>discard-data off on every RAM backend; RAM files hard-linked into the keep directory with a
 *     hold file for the hook; x-ignore-shared on. {@code SAVING}: libvirt saves the device state
 *     (RAM is skipped: it stays in the file) and stops the old QEMU.</li>
 * <li>{@code SAVED}, with a fingerprint of each kept RAM file ({@link RamFingerprint}) and the checksum of the
 *     state file, of which a synced copy is written beside it ({@link SavedState}). Before the restore both are
 *     checked: RAM that changed (a kexec that did not keep the region) is {@code RAM_CHANGED}; a state file that
 *     changed is restored from its copy, and when the copy changed too it is {@code STATE_CORRUPTED}. Either
 *     refusal is reported, never restored or booted, everything kept, and asked again once the files are
 *     right.</li>
 * <li>{@code RESTORING}: libvirt restores from the state file with the restore XML; the hook links the
 *     kept RAM to the new path; the agent sets x-ignore-shared on the new QEMU through its extra
 *     monitor; the new QEMU maps the same RAM, loads the state and resumes.</li>
 * <li>Verified running under the same UUID and name: {@code DONE}, links and files released.</li>
 * </ol>
 * Safe for several domains at once (each its own operation); one domain is only ever in one operation.
 * Every phase is journaled before it acts. A run with the same operation id continues from the
 * journal: a failed restore ({@code RESTORE_FAILED}) keeps the RAM and the state file and is retried
 * by the next run; a restore left under way by an agent that stopped is finished ({@link LeftRestore}); a save that
 * did not happen rolls back. Nothing deletes the kept RAM before the
 * restored domain is verified.
 */
public final class PreserveReplace {

    public static final String STEP = "PRESERVE_REPLACE";
    static final int MAX_RESTORE_ATTEMPTS = 3;
    private static final Duration MONITOR_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LEFT_RESTORE_TIMEOUT = Duration.ofSeconds(60);

    private final Domains domains;
    private final StepJournal journal;
    private final PreservationSettings settings;
    private final Prechecks prechecks;
    private final Faults faults;
    /** When this process saved each operation's domain (nanoTime): several domains are held at once. */
    private final Map<String, Long> savedAt = new ConcurrentHashMap<>();

    public PreserveReplace(Domains domains, StepJournal journal, PreservationSettings settings, Faults faults) {
        this.domains = domains;
        this.journal = journal;
        this.settings = settings;
        this.prechecks = new Prechecks(domains, settings, journal);
        this.faults = faults;
    }

    /** The whole replacement: hold, then restore. */
    public StepResult run(String operationId, UUID uuid, Progress progress) {
        StepResult held = hold(operationId, uuid, progress);
        if (!held.succeeded() || journal.last(operationId).map(JournalEntry::terminal).orElse(false)) {
            return held;
        }
        return finish(operationId, progress);
    }

    /** Saves the device state and stops the old QEMU with the RAM kept; ends in {@code SAVED}. */
    public StepResult hold(String operationId, UUID uuid, Progress progress) {
        Optional<JournalEntry> last = journal.last(operationId);
        if (last.isPresent()) {
            JournalEntry entry = last.get();
            if (entry.terminal()) {
                return StepResult.recorded(entry);
            }
            return switch (entry.phase()) {
                case "SAVED", "RESTORING", "RESTORE_FAILED", "RAM_CHANGED", "STATE_CORRUPTED" ->
                        StepResult.succeeded("held", entry.data());
                default -> finishSave(entry, progress);
            };
        }
        List<Refusal> refusals = prechecks.preserve(uuid);
        if (!refusals.isEmpty()) {
            StepResult refused = StepResult.refused(refusals);
            journal.record(operationId, STEP, "REFUSED", StepResult.withResult(Map.of("uuid", uuid.toString()), refused));
            return refused;
        }
        DomainInfo domain = domains.find(uuid).orElseThrow();
        Map<String, String> data = new HashMap<>(Map.of(
                "uuid", uuid.toString(), "name", domain.name(),
                "state", settings.stateDir().resolve(operationId + ".state").toString(),
                "xml", settings.stateDir().resolve(operationId + ".xml").toString(),
                "discard", Boolean.toString(domain.memory().discard())));
        JournalEntry begun = journal.record(operationId, STEP, "BEGUN", data);
        progress.report("BEGUN", 5, "preserving " + domain.name());
        writeSynced(Path.of(data.get("xml")), domains.migratableXml(uuid));
        Map<String, Path> ram = MemoryFiles.of(domains, uuid);
        MemoryFiles.keepContentOnExit(domains, uuid, ram.keySet());
        keeper().keep(uuid, ram);
        MemoryFiles.ignoreShared(domains, uuid, true);
        data.put("aliases", String.join(",", ram.keySet()));
        JournalEntry saving = journal.record(operationId, STEP, "SAVING", data);
        progress.report("SAVING", 20, "saving device state of " + domain.name() + " (RAM stays in " + ram.values() + ")");
        faults.at("before-save");
        long start = System.nanoTime();
        try {
            domains.save(uuid, Path.of(data.get("state")));
        } catch (DomainsException e) {
            return afterFailedSave(saving, e.getMessage());
        }
        data.put("save_ms", Long.toString((System.nanoTime() - start) / 1_000_000));
        savedAt.put(operationId, System.nanoTime());
        faults.at("after-save");
        return finishSave(journal.record(operationId, STEP, "SAVING", data), progress, begun);
    }

    private StepResult finishSave(JournalEntry entry, Progress progress) {
        return finishSave(entry, progress, entry);
    }

    /** After a save call (or a crash around it): decides from what is on the host whether it happened. */
    private StepResult finishSave(JournalEntry entry, Progress progress, JournalEntry begun) {
        UUID uuid = UUID.fromString(entry.get("uuid"));
        Optional<DomainInfo> domain = domains.find(uuid);
        boolean saved = Files.isRegularFile(Path.of(entry.get("state")))
                && domain.map(d -> d.state() == DomainState.SHUTOFF).orElse(true);
        if (!saved) {
            return afterFailedSave(entry, "the save did not complete (" + domain.map(DomainInfo::state).orElse(null) + ")");
        }
        List<String> missing = keeper().missing(uuid);
        if (!keeper().holds(uuid) || !missing.isEmpty()) {
            throw new IllegalStateException("saved " + uuid + " but its kept RAM is missing: " + missing);
        }
        Map<String, String> data = new HashMap<>(entry.data());
        RamFingerprint.record(keeper().kept(uuid), data); // no QEMU maps the RAM now: it stays as it is until the restore
        long keepStart = System.nanoTime();
        SavedState.keep(Path.of(entry.get("state")), data);
        data.put("state_keep_ms", Long.toString((System.nanoTime() - keepStart) / 1_000_000));
        JournalEntry savedEntry = journal.record(entry.operationId(), STEP, "SAVED", data);
        progress.report("SAVED", 50, "device state saved; RAM kept in " + keeper().kept(uuid).values());
        return StepResult.succeeded("held", savedEntry.data());
    }

    private StepResult afterFailedSave(JournalEntry entry, String error) {
        UUID uuid = UUID.fromString(entry.get("uuid"));
        Optional<DomainInfo> domain = domains.find(uuid);
        if (domain.map(d -> d.state() == DomainState.PAUSED).orElse(false)) {
            domains.resume(uuid); // a failed save can leave the guest paused (FACTS.md)
            domain = domains.find(uuid);
        }
        if (domain.map(DomainInfo::running).orElse(false)) {
            return rollBack(entry, error);
        }
        Map<String, String> data = new HashMap<>(entry.data());
        data.put("error", error);
        journal.record(entry.operationId(), STEP, "SAVE_UNCLEAR", data);
        return StepResult.failed("save of " + entry.get("name") + " failed and the domain is "
                + domain.map(DomainInfo::state).orElse(null) + "; RAM kept, see journal " + entry.operationId(), data);
    }

    private StepResult rollBack(JournalEntry entry, String error) {
        UUID uuid = UUID.fromString(entry.get("uuid"));
        try {
            MemoryFiles.ignoreShared(domains, uuid, false);
            if (Boolean.parseBoolean(entry.data().getOrDefault("discard", "false"))) {
                for (String alias : entry.data().getOrDefault("aliases", "").split(",")) {
                    if (!alias.isEmpty()) {
                        Qmp.result(domains.monitorCommand(uuid, Qmp.qomSetBoolean("/objects/" + alias, "discard-data", true)));
                    }
                }
            }
        } catch (DomainsException e) {
            // the domain runs with its RAM; a capability left on harms nothing
        }
        keeper().release(uuid);
        SavedState.release(Path.of(entry.get("state")), entry.data());
        deleteQuietly(Path.of(entry.get("xml")));
        Map<String, String> data = new HashMap<>(entry.data());
        data.put("error", error);
        StepResult result = StepResult.failed("rolled back: " + error + "; " + entry.get("name") + " runs as before", data);
        journal.record(entry.operationId(), STEP, "ROLLED_BACK", StepResult.withResult(data, result));
        return result;
    }

    /** Restores a held domain (or finishes whatever the journal says is unfinished). */
    public StepResult finish(String operationId, Progress progress) {
        JournalEntry entry = journal.last(operationId)
                .orElseThrow(() -> new IllegalArgumentException("no operation " + operationId));
        if (entry.terminal()) {
            return StepResult.recorded(entry);
        }
        if (List.of("BEGUN", "SAVING", "SAVE_UNCLEAR").contains(entry.phase())) {
            StepResult held = finishSave(entry, progress);
            if (!held.succeeded()) {
                return held;
            }
            entry = journal.last(operationId).orElseThrow();
            if (entry.terminal()) {
                return StepResult.recorded(entry);
            }
        }
        return restore(entry, progress);
    }

    private StepResult restore(JournalEntry entry, Progress progress) {
        String operationId = entry.operationId();
        UUID uuid = UUID.fromString(entry.get("uuid"));
        Map<String, String> data = new HashMap<>(entry.data());
        Optional<DomainInfo> now = domains.find(uuid);
        if (now.map(DomainInfo::running).orElse(false)) {
            return verified(operationId, data, progress); // the restore ran before the agent stopped
        }
        boolean active = now.map(d -> d.state() != DomainState.SHUTOFF).orElse(false);
        if (active && entry.phase().equals("RESTORING")
                && new LeftRestore(domains, LEFT_RESTORE_TIMEOUT, List.of(Qmp.ignoreShared(true)))
                        .finish(uuid, entry.get("name"), monitorSocket(uuid))) {
            return verified(operationId, data, progress); // the restore an agent that stopped had begun
        }
        List<String> missing = keeper().missing(uuid);
        Path state = Path.of(entry.get("state"));
        boolean noState = !Files.isRegularFile(state) && !data.containsKey(SavedState.COPY);
        if (!keeper().holds(uuid) || !missing.isEmpty() || noState) {
            StepResult failed = StepResult.failed("cannot restore " + entry.get("name") + ": kept RAM " + missing
                    + " or state file " + state + " is gone", data);
            journal.record(operationId, STEP, "FAILED", StepResult.withResult(data, failed));
            return failed;
        }
        Map<String, Path> kept = keeper().kept(uuid);
        Optional<String> changed = RamFingerprint.changed(kept, data);
        if (changed.isPresent()) {
            data.put("error", "kept RAM changed since the save: " + changed.get());
            journal.record(operationId, STEP, "RAM_CHANGED", data);
            return StepResult.failed("the kept RAM of " + entry.get("name") + " did not survive: " + changed.get()
                    + "; not restored and not booted; RAM kept in " + kept.values() + ", state in "
                    + state + " for the operator", data);
        }
        SavedState.Choice source = SavedState.choose(entry.get("name"), state, data);
        if (source.file().isEmpty()) {
            data.put("error", source.note());
            journal.record(operationId, STEP, "STATE_CORRUPTED", data);
            return StepResult.failed(source.note() + "; not restored and not booted; RAM kept in " + kept.values()
                    + ", state files kept for the operator", data);
        }
        if (source.fromCopy()) {
            data.put("state_damaged", source.note());
        } else {
            data.remove("state_damaged"); // an earlier attempt's: the file is as saved again
        }
        int attempt = (int) journal.entries(operationId).stream().filter(e -> e.phase().equals("RESTORING")).count() + 1;
        if (attempt > MAX_RESTORE_ATTEMPTS) {
            StepResult failed = StepResult.failed("restore of " + entry.get("name") + " failed " + MAX_RESTORE_ATTEMPTS
                    + " times; RAM kept in " + keeper().kept(uuid).values() + ", state in " + state, data);
            journal.record(operationId, STEP, "FAILED", StepResult.withResult(data, failed));
            return failed;
        }
        data.put("attempt", Integer.toString(attempt));
        data.remove("error");
        journal.record(operationId, STEP, "RESTORING", data);
        progress.report("RESTORING", 60, "starting a new QEMU for " + entry.get("name") + " (attempt " + attempt + ")"
                + (source.fromCopy() ? ": " + source.note() : ""));
        Path socket = monitorSocket(uuid);
        String xml = RestoreXml.forRestore(read(Path.of(entry.get("xml"))), socket);
        long start = System.nanoTime();
        Long saved = savedAt.remove(operationId);
        if (saved != null) {
            data.put("between_ms", Long.toString((start - saved) / 1_000_000)); // paused, nothing running
        }
        long[] ready = {0};
        try (IncomingMonitor monitor = IncomingMonitor.await(socket, List.of(Qmp.ignoreShared(true)), MONITOR_TIMEOUT, () -> {
            ready[0] = System.nanoTime();
            faults.at("incoming-ready");
        }, () -> killStuckQemu(entry.get("name")))) {
            domains.restore(source.file().get(), xml);
            monitor.check();
        } catch (DomainsException e) {
            data.put("error", e.getMessage());
            journal.record(operationId, STEP, "RESTORE_FAILED", data);
            return StepResult.failed("restore of " + entry.get("name") + " failed: " + e.getMessage()
                    + "; RAM and state kept, run the operation again to retry", data);
        }
        data.put("restore_ms", Long.toString((System.nanoTime() - start) / 1_000_000));
        data.put("monitor_ready_ms", Long.toString(ready[0] == 0 ? -1 : (ready[0] - start) / 1_000_000));
        return verified(operationId, data, progress);
    }

    private StepResult verified(String operationId, Map<String, String> data, Progress progress) {
        UUID uuid = UUID.fromString(data.get("uuid"));
        DomainInfo domain = domains.find(uuid).orElseThrow(() -> new DomainsException("restored domain " + uuid + " vanished"));
        if (!domain.running() || !domain.name().equals(data.get("name"))) {
            throw new DomainsException("restored " + uuid + " is " + domain.state() + " named " + domain.name());
        }
        // Left on, a later save, managed save or live migration of this domain (by anyone: Nova too)
        // would skip the RAM: the copy would come up on empty memory.
        MemoryFiles.ignoreShared(domains, uuid, false);
        keeper().release(uuid);
        SavedState.release(Path.of(data.get("state")), data);
        deleteQuietly(Path.of(data.get("xml")));
        StepResult done = StepResult.succeeded(domain.name() + " runs on a new QEMU with its RAM kept", data);
        journal.record(operationId, STEP, "DONE", StepResult.withResult(data, done));
        progress.report("DONE", 100, done.message());
        return done;
    }

    /** A new QEMU that never opened the extra monitor waits for ever; its restore fails, the RAM stays kept. */
    private void killStuckQemu(String name) {
        domains.qemuPid(name).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
    }

    private Path monitorSocket(UUID uuid) {
        return settings.monitorDir().resolve(uuid + ".qmp");
    }

    private RamKeeper keeper() {
        Path backing = QemuConf.memoryBackingDir(settings.qemuConf())
                .orElseThrow(() -> new IllegalStateException("memory_backing_dir is not set in " + settings.qemuConf()));
        return new RamKeeper(QemuConf.keepDir(backing));
    }

    static void writeSynced(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover file is harmless; the journal says the operation is done
        }
    }
}
