package io.molt.agent.steps;

import io.molt.agent.journal.JournalEntry;
import io.molt.agent.journal.StepJournal;
import io.molt.protocol.Commands;
import io.molt.protocol.UpgradeTarget;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The campaign's upgrade of a host (command {@code RunUpgrade}): runs the operator's command (program
 * and arguments, no shell) with its timeout, and reports {@code exit_code} and {@code output_tail}
 * (the last 4 KiB of stdout and stderr). A non-zero exit or the timeout (the process and everything it
 * started are killed) is FAILED. The command finds the host's name, the target, the command's id and the
 * attempt in {@code MOLT_HOST}, {@code MOLT_TARGET}, {@code MOLT_COMMAND_ID} and {@code MOLT_ATTEMPT}.
 * <p>
 * Journaled {@code RUNNING} before it starts; a command answered already is answered from the
 * journal (and the command ledger). A run cut short by an agent crash is run again from the start by
 * the next delivery: the operator's upgrade command must be idempotent (a package install is).
 * <p>
 * Targets {@code KERNEL} and {@code FULL_REBOOT}: the command only installs; the campaign's guests still
 * run. The host goes into the new kernel later, once PreserveGuests has taken them down, at the start of
 * RestoreGuests ({@link HostBoot}); {@code next_step} says so, or that the agent's config does not allow it.
 * A target this build does not know never reaches the step: the command is refused as it is read
 * ({@code UNKNOWN_TARGET}, {@link io.molt.agent.commands.CommandDispatcher#refuse}).
 */
public final class RunUpgrade {

    public static final String STEP = "RUN_UPGRADE";

    private final StepJournal journal;
    private final HostReboot reboot;
    private final String hostName;

    public RunUpgrade(StepJournal journal, HostReboot reboot, String hostName) {
        this.journal = journal;
        this.reboot = reboot;
        this.hostName = hostName;
    }

    public StepResult run(String operationId, Commands.RunUpgrade command, Progress progress) {
        Optional<JournalEntry> last = journal.last(operationId);
        if (last.isPresent() && last.get().terminal()) {
            return StepResult.recorded(last.get());
        }
        Map<String, String> data = new HashMap<>(Map.of("command", String.join(" ", command.command()),
                "target", command.target().name(), "timeout_s", Long.toString(command.timeoutSeconds())));
        long attempt = journal.count(operationId, "RUNNING") + 1;
        data.put("attempt", Long.toString(attempt));
        journal.record(operationId, STEP, "RUNNING", data);
        progress.report("RUNNING", 5, "running " + data.get("command") + (attempt > 1 ? " again (attempt " + attempt
                + ": the agent stopped during the last run)" : ""));
        Duration timeout = Duration.ofSeconds(command.timeoutSeconds());
        OperatorCommand.Outcome outcome = OperatorCommand.run(command.command(), timeout, Map.of("MOLT_HOST", hostName,
                "MOLT_TARGET", command.target().name(), "MOLT_COMMAND_ID", operationId, "MOLT_ATTEMPT", Long.toString(attempt)));
        data.putAll(outcome.details());
        String message = data.get("command") + " " + outcome.summary(timeout);
        String next = nextStep(command.target());
        if (next != null) {
            data.put("next_step", next);
            message += "; " + next;
        }
        return StepResult.journaled(journal, operationId, STEP, outcome.succeeded(), message, data, progress);
    }

    private String nextStep(UpgradeTarget target) {
        String notRun = reboot.notRun(target);
        if (notRun != null) {
            return notRun;
        }
        List<String> command = reboot.commandFor(target);
        return command == null ? null : "target " + target + ": RestoreGuests runs " + String.join(" ", command)
                + " once the guests are down";
    }
}
