package io.molt.agent.steps;

import io.molt.agent.journal.JournalEntry;
import io.molt.agent.journal.StepJournal;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the journal says about a guest across commands: the campaign's PreserveGuests and RestoreGuests
 * carry different command ids, and a command sent again after a crash carries a new one, so a guest is
 * found by its UUID, not by the id of the command that took it down.
 */
final class GuestHolds {

    private static final Set<String> GUEST_STEPS = Set.of(PreserveReplace.STEP, SuspendToDisk.SUSPEND, SuspendToDisk.RESUME);

    private final StepJournal journal;

    GuestHolds(StepJournal journal) {
        this.journal = journal;
    }

    /** The unfinished operation on this guest (a hold waiting for its restore, a save or start cut short). */
    Optional<JournalEntry> open(UUID uuid) {
        return journal.open().stream()
                .filter(e -> GUEST_STEPS.contains(e.step()) && uuid.toString().equals(e.data().get("uuid")))
                .findFirst();
    }

    /**
     * The hold of this guest that ended {@code FAILED} since a PreserveGuests took it down, when nothing brought it
     * back since: its restore failed for good (after its attempts), and its kept RAM and state stay on disk.
     */
    Optional<JournalEntry> failedHold(UUID uuid) {
        Optional<Instant> since = downSince(uuid).filter(s -> upAt(uuid, s).isEmpty());
        return since.flatMap(s -> journal.lasts().stream()
                .filter(e -> e.step().equals(PreserveReplace.STEP) && e.phase().equals("FAILED"))
                .filter(e -> uuid.toString().equals(e.data().get("uuid")) && !e.at().isBefore(s))
                .max(Comparator.comparing(JournalEntry::at)));
    }

    /** When a PreserveGuests last began to take this guest down. */
    Optional<Instant> downSince(UUID uuid) {
        String key = PreserveGuests.DOWN_AT + uuid;
        return journal.lasts().stream()
                .filter(e -> e.step().equals(PreserveGuests.STEP) && e.data().containsKey(key))
                .map(e -> Instant.parse(e.data().get(key)))
                .max(Comparator.naturalOrder());
    }

    /** Whether a PreserveGuests took this guest down and nothing has brought it back since. */
    boolean takenDown(UUID uuid) {
        return downSince(uuid).map(since -> upAt(uuid, since).isEmpty()).orElse(false);
    }

    /** When the guest was verified running again after {@code since}: the first restore or start that finished. */
    Optional<Instant> upAt(UUID uuid, Instant since) {
        return journal.lasts().stream()
                .filter(e -> e.phase().equals("DONE") && uuid.toString().equals(e.data().get("uuid")))
                .filter(e -> e.step().equals(PreserveReplace.STEP) || e.step().equals(SuspendToDisk.RESUME))
                .map(JournalEntry::at)
                .filter(at -> !at.isBefore(since))
                .min(Comparator.naturalOrder());
    }
}
