package io.molt.service.adapter.web;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Errors in OpenStack's form: {@code {"badRequest": {"code": 400, "message": "..."}}}, with the
 * fault name Nova uses for each status.
 */
@RestControllerAdvice
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> api(ApiException e) {
        return fault(e.status(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return fault(HttpStatus.BAD_REQUEST, "the request body is not valid JSON for this resource: "
                + e.getMostSpecificCause().getMessage());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<Map<String, Object>> invalid(MethodArgumentNotValidException e) {
        String fields = e.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + " " + f.getDefaultMessage()).sorted().reduce((a, b) -> a + "; " + b)
                .orElse(e.getMessage());
        return fault(HttpStatus.BAD_REQUEST, "invalid request: " + fields);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> notFound(NoResourceFoundException e) {
        return fault(HttpStatus.NOT_FOUND, "no such resource: /" + e.getResourcePath());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
        return fault(HttpStatus.METHOD_NOT_ALLOWED, e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e) {
        log.error("unexpected error answering a request", e);
        return fault(HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + e.getClass().getSimpleName()
                + "; see the service log for the request id");
    }

    static ResponseEntity<Map<String, Object>> fault(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of(faultName(status),
                Map.of("code", status.value(), "message", message)));
    }

    private static String faultName(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "badRequest";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case NOT_FOUND -> "itemNotFound";
            case METHOD_NOT_ALLOWED -> "badMethod";
            case CONFLICT -> "conflictingRequest";
            case SERVICE_UNAVAILABLE -> "serviceUnavailable";
            default -> status.is4xxClientError() ? "badRequest" : "computeFault";
        };
    }
}
