package io.molt.agent.steps;

import io.molt.agent.journal.JournalEntry;
import io.molt.agent.journal.StepJournal;
import io.molt.agent.libvirt.DomainInfo;
import io.molt.agent.libvirt.Domains;
import io.molt.protocol.Commands;
import io.molt.protocol.GuestActionKind;
import io.molt.protocol.GuestOutcome;
import io.molt.protocol.GuestResult;
import io.molt.protocol.KernelBoot;
import io.molt.protocol.ResultDetails;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The campaign's step after PreserveGuests (command {@code RestoreGuests}):
 * <ol>
 * <li>{@code BEGUN} (refused first if nova-compute is to be started and the agent cannot).</li>
 * <li>With {@code bootInto} KERNEL or FULL_REBOOT: the host is taken into its new kernel once
 *     ({@link HostBoot}); the command is then left unacknowledged and the agent after the boot goes on.</li>
 * <li>The guests, up to {@code guests.at-once} at the same time, started in plan order ({@link GuestPool});
 *     a guest that fails does not keep the others from coming back. Per guest, journaled
 *     ({@code RESTORING}, with {@code restoring.<uuid>}) before it acts: a held guest is restored
 *     (PRESERVE_REPLACE's second half: a new QEMU maps the kept RAM; the kept RAM is released only
 *     once the guest is verified running); a guest this agent managed-saved or shut down is started; a guest already running
 *     is only verified. {@code GUEST_UP} with the guest's {@link GuestResult} in its flat form
 *     ({@link ResultDetails}: {@code guest.<uuid>}, {@code outcome.<uuid>}, {@code ram_kept.<uuid>} and
 *     {@code downtime_ms.<uuid>}, from the journaled moment PreserveGuests began taking it down to the
 *     journaled verified restore).</li>
 * <li>Only when every guest runs: start nova-compute when asked ({@code NOVA_COMPUTE_STARTED}), {@code DONE},
 *     after a kexec into a new kernel with the boot's times ({@link KernelBoot}: the outage {@link HostBoot}
 *     measured, and the longest restore of a guest from its kept RAM in this run);
 *     {@code FAILED} instead when the host came back on the kernel it ran before ({@link HostBoot}).
 *     Otherwise {@code FAILED}, with nova-compute left stopped so that its power-state sync does not
 *     act on a guest that is not back; a retry (any command id) continues with the guests left.</li>
 * </ol>
 */
public final class RestoreGuests {

    public static final String STEP = "RESTORE_GUESTS";
    /** The details of one guest's return that its {@link GuestResult} is made of. */
    private static final String DOWNTIME = "downtime_ms";
    private static final String OUTCOME = "outcome";

    private final Domains domains;
    private final StepJournal journal;
    private final PreserveReplace preserve;
    private final SuspendToDisk suspend;
    private final NovaCompute nova;
    private final Clock clock;
    private final GuestHolds holds;
    private final HostBoot boot;
    private final GuestPool pool;
    /** Held for each start from a managed save: the read-backs share the disk's bandwidth. */
    private final Object diskTurn = new Object();

    RestoreGuests(Domains domains, StepJournal journal, PreserveReplace preserve, SuspendToDisk suspend,
                  NovaCompute nova, HostBoot boot, Clock clock, GuestPool pool) {
        this.boot = boot;
        this.domains = domains;
        this.journal = journal;
        this.preserve = preserve;
        this.suspend = suspend;
        this.nova = nova;
        this.clock = clock;
        this.holds = new GuestHolds(journal);
        this.pool = pool;
    }

    public StepResult run(String operationId, Commands.RestoreGuests command, Progress progress) {
        Optional<JournalEntry> last = journal.last(operationId);
        if (last.isPresent() && last.get().terminal()) {
            return StepResult.recorded(last.get());
        }
        List<GuestAction> guests = GuestAction.all(command.guests());
        Map<String, String> data = new HashMap<>();
        if (last.isEmpty()) {
            data.put("guests", String.join(",", guests.stream().map(GuestAction::toString).toList()));
            data.put("start_nova_compute", Boolean.toString(command.startNovaCompute()));
            Optional<Refusal> unset = command.startNovaCompute() ? nova.unset(false) : Optional.empty();
            if (unset.isPresent()) {
                StepResult refused = StepResult.refused(List.of(unset.get()));
                journal.record(operationId, STEP, "REFUSED", StepResult.withResult(data, refused));
                progress.report("REFUSED", 100, refused.message());
                return refused;
            }
            journal.record(operationId, STEP, "BEGUN", data);
        } else {
            data.putAll(last.get().data());
        }
        Optional<StepResult> notBooted = boot.ensureBooted(command.bootInto(), data, progress);
        if (notBooted.isPresent()) {
            return failed(operationId, data, notBooted.get().message());
        }
        JournaledData shared = new JournaledData(journal, operationId, STEP, data);
        // a guest with its downtime came back in an earlier run of this command
        List<GuestAction> left = guests.stream().filter(g -> !shared.has("downtime_ms." + g.uuid())).toList();
        GuestProgress steps = new GuestProgress(progress, 5, 90, guests.size(), guests.size() - left.size());
        AtomicLong longestRestoreMs = new AtomicLong(-1);
        Map<GuestAction, StepResult> results = pool.run(left, guest -> bringBackJournaled(operationId,
                guests.indexOf(guest), guest, shared, steps, longestRestoreMs), () -> false);
        List<String> failures = results.entrySet().stream().filter(e -> !e.getValue().succeeded())
                .map(e -> e.getKey().uuid() + ": " + e.getValue().message()).toList();
        data = shared.copy();
        if (!failures.isEmpty()) {
            return failed(operationId, data, "not every guest is back (" + String.join("; ", failures)
                    + "); nova-compute left stopped; kept RAM and save images stay until a restore is verified, run again to retry");
        }
        if (command.startNovaCompute() && !data.containsKey("nova_compute_started")) {
            progress.report("STARTING_NOVA_COMPUTE", 95, "every guest runs; starting nova-compute");
            Optional<String> error = nova.start();
            if (error.isPresent()) {
                return failed(operationId, data, "every guest runs, but nova-compute did not start: " + error.get());
            }
            data.put("nova_compute_started", clock.instant().toString());
            journal.record(operationId, STEP, "NOVA_COMPUTE_STARTED", data);
        }
        boot.done();
        Optional<KernelBoot> booted = ResultDetails.boot(data);
        if (booted.isPresent() && longestRestoreMs.get() >= 0) {
            ResultDetails.put(data, new KernelBoot(booted.get().kernel(), booted.get().toAgentMs(), longestRestoreMs.get()));
        }
        String running = guests.size() + " guests run" + (command.startNovaCompute() ? "; nova-compute started" : "");
        if (data.containsKey(HostBoot.KERNEL_UNCHANGED)) {
            return failed(operationId, data, running + "; but " + data.get(HostBoot.KERNEL_UNCHANGED));
        }
        StepResult done = StepResult.succeeded(running + (data.containsKey("booted") ? "; " + data.get("booted") : ""),
                data);
        journal.record(operationId, STEP, "DONE", StepResult.withResult(data, done));
        progress.report("DONE", 100, done.message());
        return done;
    }

    /** One guest, on a thread of the pool: journaled before it acts, and with its outcome. */
    private StepResult bringBackJournaled(String operationId, int index, GuestAction guest, JournaledData data,
                                          GuestProgress steps, AtomicLong longestRestoreMs) {
        String uuid = guest.uuid().toString();
        steps.report("RESTORING", "bringing back " + uuid);
        Instant begun = clock.instant();
        data.record("RESTORING", d -> d.put("restoring." + uuid, begun.toString()));
        StepResult up;
        if (guest.kind() == GuestActionKind.SUSPEND_TO_DISK) {
            synchronized (diskTurn) { // read-backs of managed saves share the disk: one at a time
                up = bringBack(operationId, index, guest, steps.ofGuest());
            }
        } else {
            up = bringBack(operationId, index, guest, steps.ofGuest());
        }
        GuestOutcome outcome = up.succeeded() ? GuestOutcome.valueOf(up.details().get(OUTCOME)) : GuestOutcome.FAILED;
        GuestResult result = new GuestResult(uuid, outcome, up.message(),
                up.succeeded() ? Long.valueOf(up.details().get(DOWNTIME)) : null, outcome == GuestOutcome.RESTORED);
        if (outcome == GuestOutcome.RESTORED) {
            longestRestoreMs.accumulateAndGet(Duration.between(begun, clock.instant()).toMillis(), Math::max);
        }
        data.record("GUEST_UP", d -> {
            d.remove("restoring." + uuid);
            ResultDetails.put(d, result);
        });
        steps.done(up.succeeded() ? "GUEST_UP" : "GUEST_FAILED", uuid + " " + up.message());
        return up;
    }

    private StepResult bringBack(String operationId, int index, GuestAction guest, Progress progress) {
        UUID uuid = guest.uuid();
        Optional<DomainInfo> domain = domains.find(uuid);
        if (domain.isEmpty()) {
            return StepResult.failed("no domain with UUID " + uuid, Map.of());
        }
        Optional<JournalEntry> open = holds.open(uuid);
        String how;
        GuestOutcome outcome = GuestOutcome.STARTED;
        if (open.isPresent()) {
            JournalEntry hold = open.get();
            StepResult result = switch (hold.step()) {
                case PreserveReplace.STEP -> preserve.finish(hold.operationId(), progress);
                case SuspendToDisk.SUSPEND -> suspend.suspend(hold.operationId(), uuid, progress);
                default -> suspend.resume(hold.operationId(), uuid, progress);
            };
            if (!result.succeeded()) {
                return result;
            }
            if (hold.step().equals(PreserveReplace.STEP)) {
                how = "restored with its RAM kept";
                outcome = GuestOutcome.RESTORED;
            } else {
                how = "started";
            }
            if (!running(uuid)) { // a managed save that finished just now: start it
                StepResult started = suspend.resume(WarmReboot.sub(operationId, index), uuid, progress);
                if (!started.succeeded()) {
                    return started;
                }
            }
        } else if (running(uuid)) {
            how = "running";
            outcome = GuestOutcome.RUNNING;
        } else if (guest.kind() == GuestActionKind.PRESERVE || !holds.takenDown(uuid)) {
            if (guest.kind() == GuestActionKind.COLD_RESTART) {
                return downtime(GuestOutcome.LEFT_OFF, "left off: it was not running when the campaign reached it", uuid);
            }
            Optional<JournalEntry> failed = holds.failedHold(uuid);
            if (failed.isPresent()) {
                return StepResult.failed(domain.get().name() + " was not restored: " + StepResult.recorded(failed.get()).message()
                        + " (journal " + failed.get().operationId() + "); not booted", Map.of());
            }
            return StepResult.failed(domain.get().name() + " is " + domain.get().state() + " and the agent holds nothing"
                    + " of it (no kept RAM, no save of its own): start it through Nova", Map.of());
        } else {
            StepResult started = suspend.resume(WarmReboot.sub(operationId, index), uuid, progress);
            if (!started.succeeded()) {
                return started;
            }
            how = guest.kind() == GuestActionKind.SUSPEND_TO_DISK ? "resumed from its managed save" : "booted";
        }
        if (!running(uuid)) {
            return StepResult.failed(domain.get().name() + " is " + domains.find(uuid).map(DomainInfo::state).orElse(null)
                    + " after the restore", Map.of());
        }
        return downtime(outcome, how, uuid);
    }

    /** A guest back (or left off): its outcome and the downtime measured from the journal, for its result. */
    private StepResult downtime(GuestOutcome outcome, String how, UUID uuid) {
        Optional<Instant> since = holds.downSince(uuid);
        long ms = since.map(s -> Duration.between(s, holds.upAt(uuid, s).orElse(clock.instant())).toMillis()).orElse(0L);
        return StepResult.succeeded(how, Map.of(DOWNTIME, Long.toString(ms), OUTCOME, outcome.name()));
    }

    private boolean running(UUID uuid) {
        return domains.find(uuid).map(DomainInfo::running).orElse(false);
    }

    private StepResult failed(String operationId, Map<String, String> data, String message) {
        StepResult failed = StepResult.failed(message, data);
        journal.record(operationId, STEP, "FAILED", StepResult.withResult(data, failed));
        return failed;
    }
}
