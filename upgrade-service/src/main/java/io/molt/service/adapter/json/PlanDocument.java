package io.molt.service.adapter.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.molt.service.domain.plan.Plan;
import io.molt.service.domain.plan.PlanOutcome;
import io.molt.service.domain.plan.Violation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.util.List;

/**
 * A planning outcome as it is written ({@link PlanJson}), stored with the campaign and served by
 * {@code GET /v1/campaigns/{id}/plan}: the one type from which both the bytes and the API document's schema
 * come. Absent keys are omitted, never {@code null}: a feasible outcome has {@code plan}, an infeasible one
 * {@code violations} and {@code draft}.
 *
 * @param feasible   whether a plan keeps every rule
 * @param plan       the plan, when feasible
 * @param violations what cannot be met, when not feasible
 * @param draft      the plan as far as it got, when not feasible
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanDocument(@Schema(requiredMode = RequiredMode.REQUIRED) boolean feasible,
        @Schema(description = "the plan, when feasible") Plan plan,
        @Schema(description = "what no plan can meet, when not feasible") List<Violation> violations,
        @Schema(description = "the plan as far as it got, when not feasible") Plan draft) {

    static PlanDocument of(PlanOutcome outcome) {
        if (outcome instanceof PlanOutcome.Infeasible infeasible) {
            return new PlanDocument(false, null, infeasible.violations(), infeasible.draft());
        }
        return new PlanDocument(true, ((PlanOutcome.Planned) outcome).plan(), null, null);
    }
}
