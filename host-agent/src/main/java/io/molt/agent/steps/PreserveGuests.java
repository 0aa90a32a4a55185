package io.molt.agent.steps;

import io.molt.agent.journal.JournalEntry;
import io.molt.agent.journal.StepJournal;
import io.molt.agent.libvirt.DomainInfo;
import io.molt.agent.libvirt.DomainState;
import io.molt.agent.libvirt.Domains;
import io.molt.agent.libvirt.DomainsException;
import io.molt.protocol.Commands;
import io.molt.protocol.GuestOutcome;
import io.molt.protocol.GuestResult;
import io.molt.protocol.ResultDetails;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The campaign's step before the upgrade of a host (command {@code PreserveGuests}):
 * <ol>
 * <li>Precheck every guest; refuse with every reason before anything changes.</li>
 * <li>{@code BEGUN}; stop nova-compute when asked ({@code NOVA_COMPUTE_STOPPED}), before the first save.</li>
 * <li>The guests, up to {@code guests.at-once} at the same time, started in plan order ({@link GuestPool}).
 *     Per guest, journaled ({@code TAKING_DOWN}, with {@code down_at.<uuid>}) before it acts:
 *     PRESERVE holds it (PRESERVE_REPLACE up to {@code SAVED}: device state saved, RAM kept, no QEMU);
 *     SUSPEND_TO_DISK managed-saves it (one save at a time: they share the disk); COLD_RESTART shuts it down cleanly (powered off after
 *     {@code guest.shutdown-timeout}). {@code GUEST_DOWN} with the guest's {@link GuestResult} in its flat form
 *     ({@link ResultDetails}: {@code guest.<uuid>}, {@code outcome.<uuid>}, {@code ram_kept.<uuid>}).</li>
 * <li>{@code DONE}. The held guests' own operations stay open until RestoreGuests finishes them.</li>
 * </ol>
 * Idempotent across command ids: a guest already held, saved or shut down by an earlier run is found
 * through the journal ({@link GuestHolds}) and not taken down twice. A hold that an agent began and that rolls
 * back when this run finishes it (the agent died before its save: the guest runs as before) is begun again under a
 * new id ({@code <hold>-r1}); found by {@code AgentKilledMidStepIT} with two guests in hand. On a failure no guest starts any
 * more; the guests in hand are followed to their end and journaled; the step ends {@code FAILED}
 * naming the first failure in plan order ({@code failed.<uuid>} for each). The guests taken down stay
 * so and nova-compute stays stopped; RestoreGuests (or a retry) takes it from there.
 */
public final class PreserveGuests {

    public static final String STEP = "PRESERVE_GUESTS";
    static final String DOWN_AT = "down_at.";
    /** The detail of a guest's take-down that names its {@link GuestOutcome}. */
    private static final String OUTCOME = "outcome";
    private static final Duration POLL = Duration.ofMillis(200);

    private final Domains domains;
    private final StepJournal journal;
    private final PreserveReplace preserve;
    private final SuspendToDisk suspend;
    private final Prechecks prechecks;
    private final NovaCompute nova;
    private final Duration shutdownTimeout;
    private final Clock clock;
    private final GuestHolds holds;
    private final GuestPool pool;
    /** Held for each managed save: parallel saves share the disk's bandwidth and only slow each other down. */
    private final Object diskTurn = new Object();

    PreserveGuests(Domains domains, StepJournal journal, PreserveReplace preserve, SuspendToDisk suspend,
                   Prechecks prechecks, NovaCompute nova, Duration shutdownTimeout, Clock clock, GuestPool pool) {
        this.domains = domains;
        this.journal = journal;
        this.preserve = preserve;
        this.suspend = suspend;
        this.prechecks = prechecks;
        this.nova = nova;
        this.shutdownTimeout = shutdownTimeout;
        this.clock = clock;
        this.holds = new GuestHolds(journal);
        this.pool = pool;
    }

    public StepResult run(String operationId, Commands.PreserveGuests command, Progress progress) {
        Optional<JournalEntry> last = journal.last(operationId);
        if (last.isPresent() && last.get().terminal()) {
            return StepResult.recorded(last.get());
        }
        List<GuestAction> guests = GuestAction.all(command.guests());
        Map<String, String> data = new HashMap<>();
        if (last.isEmpty()) {
            data.put("guests", String.join(",", guests.stream().map(GuestAction::toString).toList()));
            data.put("stop_nova_compute", Boolean.toString(command.stopNovaCompute()));
            List<Refusal> refusals = precheck(guests, command.stopNovaCompute());
            if (!refusals.isEmpty()) {
                StepResult refused = StepResult.refused(refusals);
                journal.record(operationId, STEP, "REFUSED", StepResult.withResult(data, refused));
                progress.report("REFUSED", 100, refused.message());
                return refused;
            }
            journal.record(operationId, STEP, "BEGUN", data);
        } else {
            data.putAll(last.get().data());
        }
        if (command.stopNovaCompute() && !data.containsKey("nova_compute_stopped")) {
            progress.report("STOPPING_NOVA_COMPUTE", 2, "stopping nova-compute before the first save");
            Optional<String> error = nova.stop();
            if (error.isPresent()) {
                return failed(operationId, data, "nova-compute did not stop: " + error.get() + "; no guest was saved by this command");
            }
            data.put("nova_compute_stopped", clock.instant().toString());
            journal.record(operationId, STEP, "NOVA_COMPUTE_STOPPED", data);
        }
        JournaledData shared = new JournaledData(journal, operationId, STEP, data);
        // a guest with its outcome went down in an earlier run of this command
        List<GuestAction> left = guests.stream().filter(g -> !shared.has("guest." + g.uuid())).toList();
        GuestProgress steps = new GuestProgress(progress, 5, 95, guests.size(), guests.size() - left.size());
        Map<GuestAction, String> failures = new ConcurrentHashMap<>();
        pool.run(left, guest -> takeDownJournaled(operationId, guests.indexOf(guest), guest, shared, steps, failures),
                () -> !failures.isEmpty());
        Map<String, String> after = shared.copy();
        if (!failures.isEmpty()) {
            failures.forEach((guest, message) -> after.put("failed." + guest.uuid(), message));
            GuestAction first = guests.stream().filter(failures::containsKey).findFirst().orElseThrow();
            return failed(operationId, after, first.kind() + " of " + first.uuid() + " failed: " + failures.get(first)
                    + (failures.size() > 1 ? "; and " + (failures.size() - 1) + " more (failed.<uuid>)" : "")
                    + "; guests taken down already stay down and nova-compute stays stopped (RestoreGuests brings them back)");
        }
        StepResult done = StepResult.succeeded((command.stopNovaCompute() ? "nova-compute stopped; " : "") + guests.size()
                + " guests taken down (" + summary(guests, after) + ")", after);
        journal.record(operationId, STEP, "DONE", StepResult.withResult(after, done));
        progress.report("DONE", 100, done.message());
        return done;
    }

    private List<Refusal> precheck(List<GuestAction> guests, boolean stopNovaCompute) {
        List<Refusal> refusals = new ArrayList<>();
        if (stopNovaCompute) {
            nova.unset(true).ifPresent(refusals::add);
        }
        long saveBytes = 0;
        int saves = 0;
        for (GuestAction guest : guests) {
            Optional<JournalEntry> open = holds.open(guest.uuid());
            Optional<DomainInfo> domain = domains.find(guest.uuid());
            switch (guest.kind()) {
                case PRESERVE -> {
                    if (open.isEmpty() || !open.get().step().equals(PreserveReplace.STEP)) {
                        refusals.addAll(prechecks.preserve(guest.uuid()));
                    }
                }
                case SUSPEND_TO_DISK -> {
                    if ((open.isEmpty() || !open.get().step().equals(SuspendToDisk.SUSPEND)) && !suspendedByUs(guest.uuid(), domain)) {
                        refusals.addAll(prechecks.suspend(guest.uuid(), SuspendToDisk.LIBVIRT_SAVE_DIR));
                        saveBytes += domain.map(d -> d.memoryMib() << 20).orElse(0L);
                        saves++;
                    }
                }
                case COLD_RESTART -> {
                    if (domain.isEmpty()) {
                        refusals.add(new Refusal("NO_SUCH_DOMAIN", "no domain with UUID " + guest.uuid()));
                    } else {
                        refusals.addAll(prechecks.busy(guest.uuid()));
                    }
                }
                default -> throw new IllegalStateException(guest.kind().name());
            }
        }
        if (saves > 1) { // the images stay until RestoreGuests, and several are written at once: all must fit
            refusals.addAll(Prechecks.room(SuspendToDisk.LIBVIRT_SAVE_DIR, saveBytes + (64L << 20),
                    "the managed saves of " + saves + " guests"));
        }
        return refusals.stream().distinct().toList();
    }

    /** One guest, on a thread of the pool: taken down and journaled, or its failure noted before it is reported. */
    private StepResult takeDownJournaled(String operationId, int index, GuestAction guest, JournaledData data,
                                         GuestProgress steps, Map<GuestAction, String> failures) {
        steps.report("TAKING_DOWN", guest.kind() + " " + guest.uuid());
        StepResult down = takeDown(operationId, index, guest, data, steps.ofGuest());
        if (!down.succeeded()) {
            failures.put(guest, down.message()); // first: no guest starts after this
            steps.report("GUEST_FAILED", guest.kind() + " of " + guest.uuid() + " failed: " + down.message());
            return down;
        }
        GuestOutcome outcome = GuestOutcome.valueOf(down.details().get(OUTCOME));
        data.record("GUEST_DOWN", d -> ResultDetails.put(d, new GuestResult(guest.uuid().toString(), outcome,
                down.message(), null, outcome == GuestOutcome.PRESERVED)));
        steps.done("GUEST_DOWN", guest.uuid() + " " + down.message());
        return down;
    }

    private StepResult takeDown(String operationId, int index, GuestAction guest, JournaledData data, Progress progress) {
        UUID uuid = guest.uuid();
        Optional<JournalEntry> open = holds.open(uuid);
        Optional<DomainInfo> domain = domains.find(uuid);
        switch (guest.kind()) {
            case PRESERVE -> {
                Optional<JournalEntry> left = open.filter(e -> e.step().equals(PreserveReplace.STEP));
                StepResult held = left.map(e -> preserve.hold(e.operationId(), uuid, progress)).orElse(null);
                String holdId = WarmReboot.sub(operationId, index);
                if (held != null && !held.succeeded() && rolledBack(left.get().operationId())) {
                    // a hold an agent began and did not see through: it died before the save, the guest runs as before
                    holdId = again(left.get().operationId());
                    held = null;
                }
                if (held == null) {
                    markDown(uuid, data);
                    held = preserve.hold(holdId, uuid, progress);
                }
                return held.succeeded() ? ok(GuestOutcome.PRESERVED, "preserved") : held;
            }
            case SUSPEND_TO_DISK -> {
                if (open.isEmpty() && suspendedByUs(uuid, domain)) {
                    return ok(GuestOutcome.SAVED, "saved");
                }
                StepResult saved;
                synchronized (diskTurn) { // managed saves share the disk: one at a time, the guest up until its turn
                    saved = open.filter(e -> e.step().equals(SuspendToDisk.SUSPEND))
                            .map(e -> suspend.suspend(e.operationId(), uuid, progress))
                            .orElseGet(() -> {
                                markDown(uuid, data);
                                return suspend.suspend(WarmReboot.sub(operationId, index), uuid, progress);
                            });
                }
                return saved.succeeded() ? ok(GuestOutcome.SAVED, "saved") : saved;
            }
            case COLD_RESTART -> {
                if (domain.isEmpty()) {
                    return StepResult.failed("no domain with UUID " + uuid, Map.of());
                }
                if (domain.get().state() == DomainState.SHUTOFF) {
                    return holds.takenDown(uuid) ? ok(GuestOutcome.SHUT_DOWN, "shut down")
                            : ok(GuestOutcome.ALREADY_OFF, "already off");
                }
                markDown(uuid, data);
                return shutDown(uuid);
            }
            default -> throw new IllegalStateException(guest.kind().name());
        }
    }

    private boolean rolledBack(String holdId) {
        return journal.last(holdId).map(e -> e.phase().equals("ROLLED_BACK")).orElse(false);
    }

    /** The id of a hold begun again after {@code holdId} was rolled back: {@code <id>-r1}, then {@code -r2}... */
    static String again(String holdId) {
        java.util.regex.Matcher retry = java.util.regex.Pattern.compile("(.*)-r(\\d+)").matcher(holdId);
        return retry.matches() ? retry.group(1) + "-r" + (Integer.parseInt(retry.group(2)) + 1) : holdId + "-r1";
    }

    /** Journals, before the guest is touched, that this command takes it down and when. */
    private void markDown(UUID uuid, JournaledData data) {
        data.record("TAKING_DOWN", d -> d.put(DOWN_AT + uuid, clock.instant().toString()));
    }

    private boolean suspendedByUs(UUID uuid, Optional<DomainInfo> domain) {
        return domain.map(d -> d.state() == DomainState.SHUTOFF).orElse(false)
                && domains.hasManagedSaveImage(uuid) && holds.takenDown(uuid);
    }

    /** A clean shutdown; powered off when the guest does not stop within the timeout. */
    private StepResult shutDown(UUID uuid) {
        long deadline = System.nanoTime() + shutdownTimeout.toNanos();
        try {
            domains.shutdown(uuid);
            while (!off(uuid) && System.nanoTime() < deadline) {
                Thread.sleep(POLL.toMillis());
            }
            if (off(uuid)) {
                return ok(GuestOutcome.SHUT_DOWN, "shut down");
            }
            domains.destroy(uuid);
        } catch (DomainsException e) {
            if (!off(uuid)) {
                return StepResult.failed("shutdown failed: " + e.getMessage(), Map.of());
            }
            return ok(GuestOutcome.SHUT_DOWN, "shut down");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StepResult.failed("interrupted while waiting for the guest to shut down", Map.of());
        }
        return off(uuid) ? ok(GuestOutcome.SHUT_DOWN, "powered off (no clean shutdown within " + shutdownTimeout.toSeconds() + " s)")
                : StepResult.failed("still " + domains.find(uuid).map(DomainInfo::state).orElse(null) + " after power off", Map.of());
    }

    private boolean off(UUID uuid) {
        return domains.find(uuid).map(d -> d.state() == DomainState.SHUTOFF).orElse(false);
    }

    private StepResult failed(String operationId, Map<String, String> data, String message) {
        StepResult failed = StepResult.failed(message, data);
        journal.record(operationId, STEP, "FAILED", StepResult.withResult(data, failed));
        return failed;
    }

    private static StepResult ok(GuestOutcome outcome, String words) {
        return StepResult.succeeded(words, Map.of(OUTCOME, outcome.name()));
    }

    private static String summary(List<GuestAction> guests, Map<String, String> data) {
        return String.join(", ", guests.stream().map(g -> g.uuid() + " " + data.get("guest." + g.uuid())).toList());
    }
}
