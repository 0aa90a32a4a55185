package io.molt.agent.steps;

import io.molt.agent.config.HookCommands;
import io.molt.agent.journal.JournalEntry;
import io.molt.agent.journal.StepJournal;
import io.molt.protocol.Commands;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A campaign's hook of one phase on this host (command {@code RunHook}, ADR 0020):
 * <ol>
 *   <li>a command answered already is answered from the journal (and, before that, the command ledger);</li>
 *   <li>the program is the one the agent's config names for the phase ({@code hooks.before-down},
 *       {@code hooks.after-up}); none configured is SUCCEEDED with {@code hook} empty, and nothing runs;</li>
 *   <li>{@code RUNNING} is journaled (with the attempt) before the program starts;</li>
 *   <li>it runs without a shell, stdin {@code /dev/null}, in {@code /}, with {@code MOLT_HOST},
 *       {@code MOLT_PHASE}, {@code MOLT_CAMPAIGN}, {@code MOLT_COMMAND_ID} and {@code MOLT_ATTEMPT} added to the
 *       agent's environment, and is killed with every process it started after {@code hooks.timeout};</li>
 *   <li>exit 0 is SUCCEEDED, anything else (or the timeout) FAILED; the details carry {@code exit_code},
 *       {@code timed_out}, {@code output_tail} (the last 4 KiB) and {@code duration_ms}.</li>
 * </ol>
 * A run cut short by an agent crash runs again from the start on the next delivery: hooks must be idempotent
 * (setting a flag that is set already succeeds), as the recipes in docs/hooks.md are.
 */
public final class RunHook {

    public static final String STEP = "RUN_HOOK";

    private final StepJournal journal;
    private final HookCommands hooks;
    private final String hostName;

    public RunHook(StepJournal journal, HookCommands hooks, String hostName) {
        this.journal = journal;
        this.hooks = hooks;
        this.hostName = hostName;
    }

    public StepResult run(String operationId, Commands.RunHook command, Progress progress) {
        Optional<JournalEntry> last = journal.last(operationId);
        if (last.isPresent() && last.get().terminal()) {
            return StepResult.recorded(last.get());
        }
        String phase = command.phase();
        List<String> program = hooks.of(phase);
        Map<String, String> data = new HashMap<>(Map.of("phase", phase, "hook", String.join(" ", program),
                "timeout_s", Long.toString(hooks.timeout().toSeconds())));
        if (program.isEmpty()) {
            String none = "no " + phase + " hook: " + HookCommands.keyOf(phase) + " is not set in the agent's config";
            return StepResult.journaled(journal, operationId, STEP, true, none, data, progress);
        }
        long attempt = journal.count(operationId, "RUNNING") + 1;
        data.put("attempt", Long.toString(attempt));
        journal.record(operationId, STEP, "RUNNING", data);
        progress.report("RUNNING", 5, phase + " hook: running " + data.get("hook"));
        OperatorCommand.Outcome outcome = OperatorCommand.run(program, hooks.timeout(), Map.of("MOLT_HOST", hostName,
                "MOLT_PHASE", phase, "MOLT_CAMPAIGN", command.campaignId() == null ? "" : command.campaignId(),
                "MOLT_COMMAND_ID", operationId, "MOLT_ATTEMPT", Long.toString(attempt)));
        data.putAll(outcome.details());
        String message = phase + " hook " + data.get("hook") + " " + outcome.summary(hooks.timeout());
        return StepResult.journaled(journal, operationId, STEP, outcome.succeeded(), message, data, progress);
    }
}
