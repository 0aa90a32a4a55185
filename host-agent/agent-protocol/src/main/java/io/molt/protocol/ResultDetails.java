package io.molt.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The flat form of typed results in a result's {@code details}: the one place that knows its keys. Protocol
 * v1 carried results only so: {@code guest.<uuid>} (the agent's words), {@code downtime_ms.<uuid>},
 * {@code failed.<uuid>} (a guest PreserveGuests could not take down), {@code exit_code}, {@code timed_out},
 * {@code output_tail} and {@code duration_ms}. The agent still writes them (its journal and ledger keep
 * details, and a person reading an event sees them); v2 adds {@code outcome.<uuid>} and
 * {@code ram_kept.<uuid>} and puts the typed {@link GuestResult}s and {@link ProgramRun} beside the details;
 * later, additively, a kernel boot's times ({@link KernelBoot}: {@code boot_kernel}, {@code boot_to_agent_ms},
 * {@code boot_restore_ms}).
 * <p>
 * Reading a v1 agent's details, which have no {@code outcome.<uuid>}, takes the outcome from the agent's
 * words (v1 agents use a fixed set of them, see {@link #v1Outcome}) and RAM as kept for PRESERVED and
 * RESTORED.
 */
public final class ResultDetails {

    static final String GUEST = "guest.";
    static final String DOWNTIME = "downtime_ms.";
    static final String FAILED = "failed.";
    static final String OUTCOME = "outcome.";
    static final String RAM_KEPT = "ram_kept.";
    static final String BOOT_KERNEL = "boot_kernel";
    static final String BOOT_TO_AGENT = "boot_to_agent_ms";
    static final String BOOT_RESTORE = "boot_restore_ms";
    private static final List<String> GUEST_KEYS = List.of(GUEST, DOWNTIME, FAILED, OUTCOME, RAM_KEPT);

    private ResultDetails() {
    }

    /** Writes a guest's result in its flat form. */
    public static void put(Map<String, String> details, GuestResult guest) {
        String uuid = guest.vmUuid();
        details.put(GUEST + uuid, guest.message());
        details.put(OUTCOME + uuid, guest.outcome().name());
        details.put(RAM_KEPT + uuid, Boolean.toString(guest.ramKept()));
        if (guest.downtimeMs() != null) {
            details.put(DOWNTIME + uuid, Long.toString(guest.downtimeMs()));
        }
    }

    /** Writes a program's run in its flat form. */
    public static void put(Map<String, String> details, ProgramRun run) {
        details.put("exit_code", Integer.toString(run.exitCode()));
        details.put("timed_out", Boolean.toString(run.timedOut()));
        details.put("output_tail", run.outputTail());
        details.put("duration_ms", Long.toString(run.durationMs()));
    }

    /** Writes a kernel boot's times in their flat form. */
    public static void put(Map<String, String> details, KernelBoot boot) {
        details.put(BOOT_KERNEL, boot.kernel());
        details.put(BOOT_TO_AGENT, Long.toString(boot.toAgentMs()));
        if (boot.restoreMs() != null) {
            details.put(BOOT_RESTORE, Long.toString(boot.restoreMs()));
        }
    }

    /** The kernel boot's times the details hold ({@code boot_to_agent_ms} present), if any; throws on a malformed value. */
    public static Optional<KernelBoot> boot(Map<String, String> details) {
        if (!details.containsKey(BOOT_TO_AGENT)) {
            return Optional.empty();
        }
        String restore = details.get(BOOT_RESTORE);
        return Optional.of(new KernelBoot(details.getOrDefault(BOOT_KERNEL, "unknown"),
                Long.parseLong(details.get(BOOT_TO_AGENT).trim()), restore == null ? null : Long.valueOf(restore.trim())));
    }

    /** The guests' results the details hold, by uuid; throws on a malformed value. */
    public static List<GuestResult> guests(Map<String, String> details) {
        Set<String> uuids = new TreeSet<>();
        details.keySet().forEach(key -> GUEST_KEYS.stream().filter(key::startsWith).findFirst()
                .ifPresent(prefix -> uuids.add(key.substring(prefix.length()))));
        List<GuestResult> guests = new ArrayList<>();
        for (String uuid : uuids) {
            String failed = details.get(FAILED + uuid);
            String message = failed != null ? failed : details.getOrDefault(GUEST + uuid, "");
            Long downtime = details.containsKey(DOWNTIME + uuid) ? Long.valueOf(details.get(DOWNTIME + uuid)) : null;
            GuestOutcome outcome = details.containsKey(OUTCOME + uuid) ? GuestOutcome.of(details.get(OUTCOME + uuid))
                    : failed != null ? GuestOutcome.FAILED : v1Outcome(message, downtime != null);
            boolean ramKept = details.containsKey(RAM_KEPT + uuid) ? Boolean.parseBoolean(details.get(RAM_KEPT + uuid))
                    : outcome == GuestOutcome.PRESERVED || outcome == GuestOutcome.RESTORED;
            guests.add(new GuestResult(uuid, outcome, message, downtime, ramKept));
        }
        return List.copyOf(guests);
    }

    /** The program's run the details hold ({@code exit_code} present), if any; throws on a malformed value. */
    public static Optional<ProgramRun> run(Map<String, String> details) {
        if (!details.containsKey("exit_code")) {
            return Optional.empty();
        }
        return Optional.of(new ProgramRun(Integer.parseInt(details.get("exit_code").trim()),
                Boolean.parseBoolean(details.get("timed_out")), details.get("output_tail"),
                Long.parseLong(details.getOrDefault("duration_ms", "0").trim())));
    }

    /**
     * A v1 agent's outcome from its words: those of PreserveGuests ("preserved", "saved", "shut down",
     * "powered off (...)", "already off") and RestoreGuests ("restored with its RAM kept", "started",
     * "resumed from its managed save", "booted", "running", "left off: ..."). Other words are a guest that came
     * back (STARTED) when a downtime was measured, else one that failed.
     */
    static GuestOutcome v1Outcome(String words, boolean downtimeMeasured) {
        if (words.equals("preserved")) {
            return GuestOutcome.PRESERVED;
        }
        if (words.equals("saved")) {
            return GuestOutcome.SAVED;
        }
        if (words.equals("shut down") || words.startsWith("powered off")) {
            return GuestOutcome.SHUT_DOWN;
        }
        if (words.equals("already off")) {
            return GuestOutcome.ALREADY_OFF;
        }
        if (words.startsWith("restored with its RAM kept")) {
            return GuestOutcome.RESTORED;
        }
        if (words.equals("running")) {
            return GuestOutcome.RUNNING;
        }
        if (words.startsWith("left off")) {
            return GuestOutcome.LEFT_OFF;
        }
        return downtimeMeasured ? GuestOutcome.STARTED : GuestOutcome.FAILED;
    }
}
