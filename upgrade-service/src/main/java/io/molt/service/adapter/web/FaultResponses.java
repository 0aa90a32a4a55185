package io.molt.service.adapter.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;

/**
 * Puts the API's errors into its OpenAPI document, as {@link ApiErrors} writes them: each operation lists
 * every error status it can answer ({@link #COMMON} plus its {@link ApiFaults}), each with the fault schema of
 * that status ({@code {"itemNotFound": {"code": 404, "message": "...", "request_id": "req-..."}}}, the fault
 * name from {@link ApiErrors#faultName}), and every answer, success or fault, has the
 * {@code X-OpenStack-Request-ID} header, which a request may also send ({@link RequestIdFilter}).
 */
final class FaultResponses implements OperationCustomizer, OpenApiCustomizer {

    /**
     * What any operation may answer: the container's refusals (400, 417), authentication, policy, content
     * negotiation, a bug, Keystone out of reach.
     */
    static final List<Integer> COMMON = List.of(400, 401, 403, 406, 417, 500, 503);

    static final String FAULT = "Fault";
    private static final String REQUEST_ID = "X-OpenStack-Request-ID";

    private static final Map<Integer, String> WHEN = Map.ofEntries(
            Map.entry(400, "The request is malformed or a value is not valid (a header, the path, a parameter or "
                    + "the body): the message names what to fix"),
            Map.entry(401, "No X-Auth-Token, or a token Keystone does not accept"),
            Map.entry(403, "The token's roles may not do this: the message names the policy rule"),
            Map.entry(404, "No such resource (campaign, host of the campaign, agent or command)"),
            Map.entry(406, "The Accept header excludes application/json, the only type the API answers"),
            Map.entry(409, "The resource's state does not allow this now: a campaign's state, a host that belongs "
                    + "to another unfinished campaign, no safe plan, nothing to upgrade"),
            Map.entry(413, "The request body is larger than molt.api.max-body-size"),
            Map.entry(415, "The request body is not sent as Content-Type: application/json"),
            Map.entry(417, "The Expect header asks for something other than 100-continue"),
            Map.entry(500, "Internal error: the service log has the details under the request id"),
            Map.entry(503, "A service Molt needs cannot be reached (Keystone, or the cloud when planning)"));

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        TreeSet<Integer> statuses = new TreeSet<>(COMMON);
        ApiFaults own = handler.getMethodAnnotation(ApiFaults.class);
        if (own != null) {
            for (int status : own.value()) {
                statuses.add(status);
            }
        }
        for (int status : statuses) {
            String name = ApiErrors.faultName(HttpStatus.valueOf(status));
            operation.getResponses().addApiResponse(String.valueOf(status), new ApiResponse()
                    .description(WHEN.getOrDefault(status, HttpStatus.valueOf(status).getReasonPhrase()))
                    .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + schemaName(name))))));
        }
        operation.addParametersItem(new HeaderParameter().name(REQUEST_ID).required(false)
                .description("The caller's request id (req-<uuid>), kept and passed on to Nova; any other value is "
                        + "replaced by a new id, and so is every id of a request whose headers are too large to read")
                .schema(new StringSchema().pattern(
                        "^req-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")));
        operation.getResponses().values().forEach(response -> response.addHeaderObject(REQUEST_ID,
                new Header().$ref("#/components/headers/" + REQUEST_ID)));
        return operation;
    }

    /** The fault schemas: {@value #FAULT} and one wrapper per fault name. */
    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents();
        components.addHeaders(REQUEST_ID, new Header()
                .description("This request's id, in the service's logs and on its calls to Nova")
                .schema(new StringSchema()));
        components.addSchemas(FAULT, new ObjectSchema().required(List.of("code", "message"))
                .description("An error, as OpenStack's APIs write them")
                .addProperty("code", new IntegerSchema().description("the HTTP status"))
                .addProperty("message", new StringSchema().description("what went wrong and what to fix"))
                .addProperty("request_id", new StringSchema().description("the request's id, as in the "
                        + REQUEST_ID + " header")));
        WHEN.keySet().stream().map(status -> ApiErrors.faultName(HttpStatus.valueOf(status))).distinct()
                .forEach(name -> components.addSchemas(schemaName(name), new ObjectSchema().required(List.of(name))
                        .description("The fault body of the statuses whose fault is " + name)
                        .addProperty(name, new Schema<>().$ref("#/components/schemas/" + FAULT))));
    }

    /** E.g. {@code ItemNotFoundFault}; {@code ComputeFault} for {@code computeFault}. */
    static String schemaName(String faultName) {
        String name = Character.toUpperCase(faultName.charAt(0)) + faultName.substring(1);
        return name.endsWith(FAULT) ? name : name + FAULT;
    }
}
