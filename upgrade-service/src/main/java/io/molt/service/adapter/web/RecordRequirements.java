package io.molt.service.adapter.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.molt.service.domain.plan.FrontierPoint;
import io.molt.service.domain.plan.HostStep;
import io.molt.service.domain.plan.Plan;
import io.molt.service.domain.plan.PlanTotals;
import io.molt.service.domain.plan.SkippedHost;
import io.molt.service.domain.plan.Violation;
import io.molt.service.domain.plan.VmStep;
import io.molt.service.domain.plan.Wave;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Marks as required, in the schemas of the plan in the plan document ({@link io.molt.service.adapter.json.PlanDocument}
 * says its own), the fields that are always written: those of a
 * primitive type and the lists and maps (the domain's records copy them, so they are never null). The plan's
 * records are the domain's, which know nothing of OpenAPI; what else may be absent stays optional.
 */
final class RecordRequirements implements OpenApiCustomizer {

    static final List<Class<? extends Record>> PLAN_RECORDS = List.of(Plan.class, Wave.class,
            HostStep.class, VmStep.class, PlanTotals.class, FrontierPoint.class, SkippedHost.class, Violation.class);

    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE =
            new PropertyNamingStrategies.SnakeCaseStrategy();

    @Override
    public void customise(OpenAPI openApi) {
        for (Class<? extends Record> type : PLAN_RECORDS) {
            Schema<?> schema = openApi.getComponents().getSchemas().get(type.getSimpleName());
            if (schema == null || schema.getProperties() == null) {
                continue;
            }
            for (RecordComponent component : type.getRecordComponents()) {
                String name = SNAKE.translate(component.getName());
                Class<?> kind = component.getType();
                boolean alwaysWritten = kind.isPrimitive() || Collection.class.isAssignableFrom(kind)
                        || Map.class.isAssignableFrom(kind);
                if (alwaysWritten && schema.getProperties().containsKey(name)
                        && (schema.getRequired() == null || !schema.getRequired().contains(name))) {
                    schema.addRequiredItem(name);
                }
            }
        }
    }
}
