package io.molt.service.adapter.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.adapter.json.JsonInputErrors;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Errors in OpenStack's form: {@code {"badRequest": {"code": 400, "message": "...", "request_id": "req-..."}}},
 * with the fault name Nova uses for each status. Always JSON, whatever the request's Accept says, and never a
 * Java class name or a parser's own message: each message says what to fix.
 */
@RestControllerAdvice
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> api(ApiException e) {
        return fault(e.status(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof RequestGuardFilter.TooLarge) {
            return fault(HttpStatus.PAYLOAD_TOO_LARGE, cause.getMessage());
        }
        if (cause == e) {
            return fault(HttpStatus.BAD_REQUEST, "this request needs a JSON body (Content-Type: application/json)");
        }
        return fault(HttpStatus.BAD_REQUEST, JsonInputErrors.describe(e.getCause()));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<Map<String, Object>> invalid(MethodArgumentNotValidException e) {
        String fields = e.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + " " + f.getDefaultMessage()).sorted().reduce((a, b) -> a + "; " + b)
                .orElse("the request is not valid");
        return fault(HttpStatus.BAD_REQUEST, "invalid request: " + fields);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> mismatch(MethodArgumentTypeMismatchException e) {
        return fault(HttpStatus.BAD_REQUEST, "'" + e.getName() + "' has a value of the wrong type: see the API "
                + "reference (GET /openapi.json) for what it takes");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, Object>> missing(MissingServletRequestParameterException e) {
        return fault(HttpStatus.BAD_REQUEST, "the query parameter '" + e.getParameterName() + "' is required");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> notFound(NoResourceFoundException e) {
        return fault(HttpStatus.NOT_FOUND, "no such resource: /" + printable(e.getResourcePath())
                + "; the API is under /v1 (GET /openapi.json describes it)");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
        Set<String> allowed = e.getSupportedMethods() == null ? Set.of() : new TreeSet<>(Set.of(e.getSupportedMethods()));
        ResponseEntity<Map<String, Object>> fault = fault(HttpStatus.METHOD_NOT_ALLOWED, printable(e.getMethod())
                + " is not allowed on this resource; use one of " + allowed);
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).headers(fault.getHeaders())
                .header(HttpHeaders.ALLOW, String.join(", ", allowed)).body(fault.getBody());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return fault(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "send the request body as JSON with Content-Type: "
                + "application/json");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Map<String, Object>> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return fault(HttpStatus.NOT_ACCEPTABLE, "this API answers only application/json: send Accept: "
                + "application/json");
    }

    /** Any other error: one Spring MVC raises with a status of its own (a missing header...), or a bug (500). */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e) {
        if (e instanceof ErrorResponse framework) {
            HttpStatus status = HttpStatus.resolve(framework.getStatusCode().value());
            if (status != null && status.is4xxClientError()) {
                return fault(status, ContainerErrors.messageFor(status));
            }
        }
        log.error("unexpected error answering a request", e);
        return fault(HttpStatus.INTERNAL_SERVER_ERROR, "internal error; the service log has the details under "
                + "this request id");
    }

    static ResponseEntity<Map<String, Object>> fault(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body(status, message));
    }

    /** Writes a fault straight to the response (for filters, before Spring MVC). */
    static void write(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), body(status, message));
    }

    static Map<String, Object> body(HttpStatus status, String message) {
        return body(status, message, MDC.get(RequestIdFilter.MDC_KEY));
    }

    static Map<String, Object> body(HttpStatus status, String message, String requestId) {
        Map<String, Object> fault = new LinkedHashMap<>();
        fault.put("code", status.value());
        fault.put("message", message);
        if (requestId != null) {
            fault.put("request_id", requestId);
        }
        return Map.of(faultName(status), fault);
    }

    /** Text from the request, safe to echo: printable ASCII, at most 100 characters. */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        String clean = text.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }

    /** The fault name Nova uses for this status (the single key of an error body). */
    static String faultName(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "badRequest";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "itemNotFound";
            case METHOD_NOT_ALLOWED -> "badMethod";
            case NOT_ACCEPTABLE -> "notAcceptable";
            case CONFLICT -> "conflictingRequest";
            case PAYLOAD_TOO_LARGE -> "overLimit";
            case UNSUPPORTED_MEDIA_TYPE -> "badMediaType";
            case SERVICE_UNAVAILABLE -> "serviceUnavailable";
            default -> status.is4xxClientError() ? "badRequest" : "computeFault";
        };
    }
}
