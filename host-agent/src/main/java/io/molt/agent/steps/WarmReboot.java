package io.molt.agent.steps;

import io.molt.agent.journal.JournalEntry;
import io.molt.agent.journal.StepJournal;
import io.molt.agent.libvirt.DomainInfo;
import io.molt.agent.libvirt.Domains;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * WARM_REBOOT of the hypervisor: every running domain is held (PRESERVE_REPLACE up to {@code SAVED}),
 * libvirtd is restarted (with it, the QEMU binary installed now is the one the restores start), and
 * every domain is restored. Each domain is its own sub-operation ({@code <id>.<n>}) in the journal, so
 * a restarted agent continues exactly where this one stopped.
 * <ol>
 * <li>{@code BEGUN}: which domains (all running ones; refused if one cannot be preserved).</li>
 * <li>hold each; if one fails, the held ones are restored and the reboot is abandoned.</li>
 * <li>{@code HELD}; restart libvirtd; {@code RESTARTED}; restore each; {@code DONE}.</li>
 * </ol>
 */
public final class WarmReboot {

    public static final String STEP = "WARM_REBOOT";

    private final Domains domains;
    private final StepJournal journal;
    private final PreservationSettings settings;
    private final PreserveReplace preserve;
    private final Prechecks prechecks;

    public WarmReboot(Domains domains, StepJournal journal, PreservationSettings settings, PreserveReplace preserve) {
        this.domains = domains;
        this.journal = journal;
        this.settings = settings;
        this.preserve = preserve;
        this.prechecks = new Prechecks(domains, settings, journal);
    }

    public StepResult run(String operationId, Progress progress) {
        Optional<JournalEntry> last = journal.last(operationId);
        if (last.isPresent() && last.get().terminal()) {
            return StepResult.recorded(last.get());
        }
        Map<String, String> data = new HashMap<>();
        if (last.isEmpty()) {
            List<UUID> running = domains.list().stream().filter(DomainInfo::running).map(DomainInfo::uuid).toList();
            List<Refusal> refusals = new ArrayList<>();
            running.forEach(uuid -> refusals.addAll(prechecks.preserve(uuid)));
            if (!refusals.isEmpty()) {
                StepResult refused = StepResult.refused(refusals);
                journal.record(operationId, STEP, "REFUSED", StepResult.withResult(data, refused));
                return refused;
            }
            data.put("uuids", String.join(",", running.stream().map(UUID::toString).toList()));
            last = Optional.of(journal.record(operationId, STEP, "BEGUN", data));
        }
        data.putAll(last.get().data());
        List<UUID> uuids = data.get("uuids").isEmpty() ? List.of()
                : java.util.Arrays.stream(data.get("uuids").split(",")).map(UUID::fromString).toList();
        String phase = last.get().phase();
        long start = System.nanoTime();
        if (phase.equals("BEGUN")) {
            for (int i = 0; i < uuids.size(); i++) {
                progress.report("HOLDING", 5 + 40 * i / Math.max(1, uuids.size()), "holding " + uuids.get(i));
                StepResult held = preserve.hold(sub(operationId, i), uuids.get(i), progress);
                if (!held.succeeded()) {
                    return abandon(operationId, data, uuids, i, held, progress);
                }
            }
            journal.record(operationId, STEP, "HELD", data);
            phase = "HELD";
        }
        data.put("hold_ms", Long.toString((System.nanoTime() - start) / 1_000_000));
        if (phase.equals("HELD")) {
            progress.report("RESTARTING", 50, "restarting libvirtd: " + settings.restartLibvirtd());
            long restart = System.nanoTime();
            String error = restartLibvirtd();
            if (error != null) {
                data.put("error", error);
                journal.record(operationId, STEP, "HELD", data); // still held: the next run restarts again
                return StepResult.failed("libvirtd restart failed: " + error + "; domains held, run again", data);
            }
            data.put("restart_ms", Long.toString((System.nanoTime() - restart) / 1_000_000));
            journal.record(operationId, STEP, "RESTARTED", data);
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < uuids.size(); i++) {
            progress.report("RESTORING", 60 + 40 * i / Math.max(1, uuids.size()), "restoring " + uuids.get(i));
            StepResult restored = preserve.finish(sub(operationId, i), progress);
            if (!restored.succeeded()) {
                failures.add(uuids.get(i) + ": " + restored.message());
            }
        }
        if (!failures.isEmpty()) {
            data.put("error", String.join("; ", failures));
            journal.record(operationId, STEP, "RESTARTED", data); // open: the next run retries the restores
            return StepResult.failed("some restores failed (RAM kept, run again): " + failures, data);
        }
        data.put("total_ms", Long.toString((System.nanoTime() - start) / 1_000_000));
        StepResult done = StepResult.succeeded(uuids.size() + " domains restored after the libvirtd restart", data);
        journal.record(operationId, STEP, "DONE", StepResult.withResult(data, done));
        progress.report("DONE", 100, done.message());
        return done;
    }

    private StepResult abandon(String operationId, Map<String, String> data, List<UUID> uuids, int failedAt,
                               StepResult failure, Progress progress) {
        for (int i = 0; i < failedAt; i++) {
            preserve.finish(sub(operationId, i), progress);
        }
        StepResult result = StepResult.failed("could not hold " + uuids.get(failedAt) + " (" + failure.message()
                + "); the domains held before were restored, libvirtd was not restarted", data);
        journal.record(operationId, STEP, "FAILED", StepResult.withResult(data, result));
        return result;
    }

    private String restartLibvirtd() {
        String error = restart(settings.restartLibvirtd());
        if (error != null) {
            return error;
        }
        try {
            if (domains instanceof AutoCloseable closeable) {
                closeable.close(); // the old connection died with the old daemon
            }
            domains.libvirtVersion();
            return null;
        } catch (Exception e) {
            return e.getMessage();
        }
    }

    /** Runs the restart command; null when it succeeded, else what went wrong. */
    static String restart(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "exit " + (p.isAlive() ? "timeout" : p.exitValue()) + ": " + output.trim();
            }
            return null;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static String sub(String operationId, int index) {
        return operationId + "." + index;
    }
}
