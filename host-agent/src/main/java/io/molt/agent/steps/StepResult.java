package io.molt.agent.steps;

import io.molt.agent.journal.JournalEntry;
import io.molt.protocol.Report;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** How a step ended; what the agent answers its command with. */
public record StepResult(Report.Outcome outcome, String message, Map<String, String> details) {

    public StepResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
        details = Map.copyOf(details);
    }

    public static StepResult succeeded(String message, Map<String, String> details) {
        return new StepResult(Report.Outcome.SUCCEEDED, message, details);
    }

    public static StepResult failed(String message, Map<String, String> details) {
        return new StepResult(Report.Outcome.FAILED, message, details);
    }

    public static StepResult refused(List<Refusal> refusals) {
        return new StepResult(Report.Outcome.REFUSED,
                String.join("; ", refusals.stream().map(Refusal::toString).toList()),
                Map.of("refusals", String.join(",", refusals.stream().map(Refusal::code).toList())));
    }

    public boolean succeeded() {
        return outcome == Report.Outcome.SUCCEEDED;
    }

    /** The step's data with this result added, as the terminal journal entry keeps it. */
    public static Map<String, String> withResult(Map<String, String> data, StepResult result) {
        Map<String, String> all = new HashMap<>(data);
        all.putAll(result.details());
        all.put("outcome", result.outcome().name());
        all.put("message", result.message());
        return all;
    }

    /**
     * Ends a step that ran an operator's command: the terminal entry ({@code DONE} or {@code FAILED}) is
     * journaled with the result, then reported as progress.
     */
    public static StepResult journaled(io.molt.agent.journal.StepJournal journal, String operationId, String step,
            boolean succeeded, String message, Map<String, String> data, Progress progress) {
        StepResult result = succeeded ? succeeded(message, data) : failed(message, data);
        journal.record(operationId, step, succeeded ? "DONE" : "FAILED", withResult(data, result));
        progress.report(succeeded ? "DONE" : "FAILED", 100, message);
        return result;
    }

    /** The result a terminal journal entry recorded: what a repeated run of the operation answers. */
    public static StepResult recorded(JournalEntry entry) {
        Map<String, String> details = new HashMap<>(entry.data());
        String outcome = details.remove("outcome");
        String message = details.remove("message");
        return new StepResult(outcome == null ? Report.Outcome.FAILED : Report.Outcome.valueOf(outcome),
                message == null ? entry.phase() : message, details);
    }
}
