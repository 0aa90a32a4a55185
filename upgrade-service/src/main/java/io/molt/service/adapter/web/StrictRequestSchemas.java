package io.molt.service.adapter.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Says in the document what the strict reader ({@code StrictJson}) does: a request body's objects, and the
 * objects inside them, take no field they do not list ({@code additionalProperties: false}), so a client or a
 * validator built from the document refuses a misspelt field as the API does (400 naming it).
 *
 * <p>Algorithm: start from the schemas that the operations' request bodies refer to; for each, set
 * additionalProperties to false and follow its properties' references (directly, as list items or as map
 * values) to further component schemas, each visited once. A schema that is a free-form map keeps it.
 */
final class StrictRequestSchemas implements OpenApiCustomizer {

    private static final String PREFIX = "#/components/schemas/";

    @Override
    public void customise(OpenAPI openApi) {
        var schemas = openApi.getComponents().getSchemas();
        Deque<String> pending = new ArrayDeque<>();
        openApi.getPaths().values().stream().flatMap(path -> path.readOperations().stream())
                .filter(operation -> operation.getRequestBody() != null
                        && operation.getRequestBody().getContent() != null)
                .flatMap(operation -> operation.getRequestBody().getContent().values().stream())
                .map(media -> referenced(media.getSchema())).filter(Objects::nonNull).forEach(pending::add);
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            String name = pending.pop();
            Schema<?> schema = schemas.get(name);
            if (!seen.add(name) || schema == null || schema.getProperties() == null) {
                continue;
            }
            schema.setAdditionalProperties(false);
            schema.getProperties().values().stream()
                    .flatMap(property -> Stream.of(property, property.getItems(),
                            property.getAdditionalProperties() instanceof Schema<?> values ? values : null))
                    .map(StrictRequestSchemas::referenced).filter(Objects::nonNull).forEach(pending::add);
        }
    }

    private static String referenced(Schema<?> schema) {
        return schema != null && schema.get$ref() != null && schema.get$ref().startsWith(PREFIX)
                ? schema.get$ref().substring(PREFIX.length()) : null;
    }
}
