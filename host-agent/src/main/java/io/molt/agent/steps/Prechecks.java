package io.molt.agent.steps;

import io.molt.agent.journal.JournalEntry;
import io.molt.agent.journal.StepJournal;
import io.molt.agent.libvirt.DomainInfo;
import io.molt.agent.libvirt.Domains;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Refuses a step early, with a precise reason, so that the planner can choose another action. Each
 * method returns every reason that applies (empty: go).
 */
public final class Prechecks {

    /** x-ignore-shared arrived in QEMU 4.0; qemu:commandline and hooks are far older in libvirt. */
    static final long MIN_QEMU = 4_000_000;
    static final long MIN_LIBVIRT = 6_000_000;

    private final Domains domains;
    private final PreservationSettings settings;
    private final StepJournal journal;

    public Prechecks(Domains domains, PreservationSettings settings, StepJournal journal) {
        this.domains = domains;
        this.settings = settings;
        this.journal = journal;
    }

    public List<Refusal> preserve(UUID uuid) {
        List<Refusal> refusals = new ArrayList<>(new PreservationSetup(settings).check());
        long qemu = domains.qemuVersion();
        long libvirt = domains.libvirtVersion();
        if (qemu < MIN_QEMU) {
            refusals.add(new Refusal("QEMU_TOO_OLD", "QEMU " + version(qemu) + " has no x-ignore-shared (needs 4.0)"));
        }
        if (libvirt < MIN_LIBVIRT) {
            refusals.add(new Refusal("LIBVIRT_TOO_OLD", "libvirt " + version(libvirt) + " is older than 6.0"));
        }
        Optional<DomainInfo> domain = domains.find(uuid);
        if (domain.isEmpty()) {
            refusals.add(new Refusal("NO_SUCH_DOMAIN", "no domain with UUID " + uuid));
            return refusals;
        }
        DomainInfo d = domain.get();
        if (!d.running()) {
            refusals.add(new Refusal("NOT_RUNNING", d.name() + " is " + d.state() + ", not running"));
        }
        if (!d.memory().fileBacked()) {
            refusals.add(new Refusal("MEMORY_NOT_FILE_BACKED", d.name()
                    + " has anonymous RAM: no file a new QEMU could map (Nova: [libvirt] file_backed_memory)"));
        }
        if (!d.memory().shared()) {
            refusals.add(new Refusal("MEMORY_NOT_SHARED", d.name()
                    + " maps its RAM privately: the file does not hold the guest's memory (needs <access mode='shared'/>)"));
        }
        refusals.addAll(room(settings.stateDir(), PreservationSettings.MIN_STATE_ROOM_BYTES, "device state"));
        refusals.addAll(busy(uuid));
        return refusals;
    }

    public List<Refusal> suspend(UUID uuid, Path saveDir) {
        List<Refusal> refusals = new ArrayList<>();
        Optional<DomainInfo> domain = domains.find(uuid);
        if (domain.isEmpty()) {
            refusals.add(new Refusal("NO_SUCH_DOMAIN", "no domain with UUID " + uuid));
            return refusals;
        }
        if (!domain.get().running()) {
            refusals.add(new Refusal("NOT_RUNNING", domain.get().name() + " is " + domain.get().state() + ", not running"));
        }
        refusals.addAll(room(saveDir, (domain.get().memoryMib() << 20) + (64L << 20), "a managed save of all its RAM"));
        refusals.addAll(busy(uuid));
        return refusals;
    }

    /** Another operation of the agent holds the domain (a preservation waiting for its restore). */
    List<Refusal> busy(UUID uuid) {
        List<Refusal> refusals = new ArrayList<>();
        for (JournalEntry open : journal.open()) {
            if (uuid.toString().equals(open.data().get("uuid"))) {
                refusals.add(new Refusal("DOMAIN_BUSY", "operation " + open.operationId() + " (" + open.step()
                        + ", " + open.phase() + ") has not finished on " + uuid));
            }
        }
        return refusals;
    }

    static List<Refusal> room(Path dir, long needed, String what) {
        try {
            Path existing = dir;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            long free = existing == null ? 0 : Files.getFileStore(existing).getUsableSpace();
            if (free < needed) {
                return List.of(new Refusal("NO_ROOM", dir + " has " + (free >> 20) + " MiB free; " + what + " needs "
                        + (needed >> 20) + " MiB"));
            }
            return List.of();
        } catch (IOException e) {
            return List.of(new Refusal("NO_ROOM", "cannot tell the free space of " + dir + ": " + e.getMessage()));
        }
    }

    static String version(long v) {
        return (v / 1_000_000) + "." + (v / 1_000 % 1_000) + "." + (v % 1_000);
    }
}
