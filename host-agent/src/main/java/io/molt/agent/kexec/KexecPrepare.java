package io.molt.agent.kexec;

import io.molt.agent.journal.JournalEntry;
import io.molt.agent.journal.StepJournal;
import io.molt.agent.steps.Progress;
import io.molt.agent.steps.Refusal;
import io.molt.agent.steps.StepResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KEXEC_PREPARE: stages a kexec of a given kernel with the running command line (so the next kernel
 * reserves the same preserved region) and reports what KEXEC_EXECUTE would do. It never executes.
 * <ol>
 * <li>Precheck ({@link KexecPrechecks}); a refusal is journaled {@code REFUSED}.</li>
 * <li>{@code STAGING}, journaled with the plan; {@code kexec -l} (replaces an image staged before).</li>
 * <li>Verified by {@code /sys/kernel/kexec_loaded} reading 1: {@code DONE}. A kernel that refuses the
 *     load (no kexec in it, or not permitted) is {@code REFUSED} with the errno text: nothing changed.</li>
 * </ol>
 * A run with the same operation id answers from a terminal entry or stages again what the journal says.
 */
public final class KexecPrepare {

    public static final String STEP = "KEXEC_PREPARE";
    /** kexec-tools' strerror texts for the two ways a kernel refuses kexec_load. */
    static final String ENOSYS = "Function not implemented";
    static final String EPERM = "Operation not permitted";

    private final StepJournal journal;
    private final KexecPrechecks prechecks;
    private final KexecTool tool;
    private final Path kexecLoaded;
    private final boolean executeAllowed;

    public KexecPrepare(StepJournal journal, KexecPrechecks prechecks, KexecTool tool, Path kexecLoaded, boolean executeAllowed) {
        this.journal = journal;
        this.prechecks = prechecks;
        this.tool = tool;
        this.kexecLoaded = kexecLoaded;
        this.executeAllowed = executeAllowed;
    }

    public StepResult run(String operationId, Path kernel, Optional<Path> initrd, Progress progress) {
        Optional<JournalEntry> last = journal.last(operationId);
        if (last.isPresent() && last.get().terminal()) {
            return StepResult.recorded(last.get());
        }
        Map<String, String> data;
        if (last.isPresent()) {
            data = new HashMap<>(last.get().data()); // died while staging: stage the same again
        } else {
            KexecPrechecks.Checked checked = prechecks.check(kernel, initrd);
            if (checked instanceof KexecPrechecks.Refused refused) {
                return end(operationId, "REFUSED", StepResult.refused(refused.refusals()), Map.of(), progress);
            }
            KexecPrechecks.Ready ready = (KexecPrechecks.Ready) checked;
            data = new HashMap<>(new KexecPlan(kernel, initrd, ready.cmdline(), ready.region(), ready.domains(),
                    executeAllowed).details());
            journal.record(operationId, STEP, "STAGING", data);
        }
        return stage(operationId, data, progress);
    }

    /** Finishes an operation the journal holds open (the agent stopped while staging). */
    public StepResult finish(JournalEntry open) {
        return run(open.operationId(), Path.of(open.get("kernel")), initrd(open.data()), Progress.NONE);
    }

    private StepResult stage(String operationId, Map<String, String> data, Progress progress) {
        progress.report("STAGING", 30, "kexec -l " + data.get("kernel"));
        KexecRun run = tool.load(Path.of(data.get("kernel")), initrd(data), data.get("cmdline"));
        data.put("kexec", String.join(" ", run.command()));
        if (!run.ok()) {
            String errno = run.errno().orElse("");
            String why = run.failedCall().orElse("exit " + run.exit() + ": " + run.output().trim());
            if (errno.equals(ENOSYS) || errno.equals(EPERM)) {
                Refusal refusal = errno.equals(ENOSYS)
                        ? new Refusal("KEXEC_UNSUPPORTED", "this kernel cannot stage a kexec (" + why + ")")
                        : new Refusal("KEXEC_NOT_PERMITTED", "the kernel does not let the agent stage a kexec (" + why
                                + "; needs CAP_SYS_BOOT outside a container and kernel.kexec_load_disabled=0)");
                return end(operationId, "REFUSED", refused(refusal, data), data, progress);
            }
            return end(operationId, "FAILED", StepResult.failed("kexec -l failed: " + why, data), data, progress);
        }
        String loaded = read(kexecLoaded);
        if (!loaded.equals("1")) {
            return end(operationId, "FAILED", StepResult.failed("kexec -l exited 0 but " + kexecLoaded + " reads '"
                    + loaded + "', not 1: no image is staged", data), data, progress);
        }
        return end(operationId, "DONE", StepResult.succeeded("staged " + data.get("kernel") + "; " + data.get("execute"),
                data), data, progress);
    }

    private StepResult end(String operationId, String phase, StepResult result, Map<String, String> data, Progress progress) {
        journal.record(operationId, STEP, phase, StepResult.withResult(data, result));
        progress.report(phase, 100, result.message());
        return result;
    }

    /** A refusal that keeps what would have been staged among its details. */
    private static StepResult refused(Refusal refusal, Map<String, String> data) {
        StepResult refused = StepResult.refused(List.of(refusal));
        Map<String, String> details = new HashMap<>(data);
        details.putAll(refused.details());
        return new StepResult(refused.outcome(), refused.message(), details);
    }

    private static Optional<Path> initrd(Map<String, String> data) {
        return Optional.ofNullable(data.get("initrd")).filter(i -> !i.isEmpty()).map(Path::of);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
