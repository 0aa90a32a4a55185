package io.molt.agent.steps;

import io.molt.protocol.Report;
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
}
