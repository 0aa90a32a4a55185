package io.molt.service.adapter.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}, replacing Spring Boot's HTML or JSON "whitelabel"): what
 * Tomcat or a filter refused reaches the client as the API's JSON fault, never as HTML or an exception's text.
 */
@RestController
class ContainerErrors implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ContainerErrors.class);

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        if (status == null || !status.isError()) {
            status = HttpStatus.NOT_FOUND; // /error asked for directly
        }
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (status.is5xxServerError() && failure instanceof Throwable t) {
            log.error("error answering {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), t);
        }
        String path = ApiErrors.printable(String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)));
        return ApiErrors.fault(status, status == HttpStatus.NOT_FOUND ? "no such resource: " + path
                + "; the API is under /v1 (GET /openapi.json describes it)" : messageFor(status));
    }

    /** What to tell the client for an error status raised outside Molt's own handlers. */
    static String messageFor(HttpStatus status) {
        if (status == null) {
            return "the request cannot be answered";
        }
        return switch (status) {
            case BAD_REQUEST -> "the request is malformed (request line, headers, path or parameters): check the URL "
                    + "encoding, the headers and the parameters against the API reference (GET /openapi.json)";
            case UNAUTHORIZED -> "authentication is required: send a Keystone token in X-Auth-Token";
            case FORBIDDEN -> "this request is not allowed";
            case NOT_FOUND -> "no such resource; the API is under /v1 (GET /openapi.json describes it)";
            case METHOD_NOT_ALLOWED -> "this method is not allowed on this resource (GET /openapi.json lists them)";
            case NOT_ACCEPTABLE -> "this API answers only application/json: send Accept: application/json";
            case PAYLOAD_TOO_LARGE -> "the request body is too large (molt.api.max-body-size): send less";
            case URI_TOO_LONG -> "the URL is too long: shorten it";
            case UNSUPPORTED_MEDIA_TYPE -> "send the request body as JSON with Content-Type: application/json";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "the request headers are too large: send fewer or shorter ones";
            case HTTP_VERSION_NOT_SUPPORTED -> "this HTTP version is not supported: use HTTP/1.1";
            case NOT_IMPLEMENTED -> "this method or transfer encoding is not implemented: use GET or POST";
            case SERVICE_UNAVAILABLE -> "the service is not ready: try again shortly";
            default -> status.is4xxClientError() ? "the request cannot be answered (" + status.value() + "): check it "
                    + "against the API reference (GET /openapi.json)"
                    : "internal error; the service log has the details under this request id";
        };
    }
}
