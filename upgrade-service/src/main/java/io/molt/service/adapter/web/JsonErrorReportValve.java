package io.molt.service.adapter.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last word on an error that nothing else answered, as the API's JSON fault instead of its HTML
 * page: chiefly requests that Tomcat refuses before they reach any filter or controller (an encoded NUL or a
 * backslash in the path, a request line that is not HTTP/1.1). Such an answer is the same whoever asks: no
 * token is looked at, and nothing was routed. Installed as the host's error report valve by
 * {@link TomcatPaths}.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code) == null ? HttpStatus.BAD_REQUEST : HttpStatus.resolve(code);
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            if (response.getHeader(RequestIdFilter.HEADER) == null) {
                response.setHeader(RequestIdFilter.HEADER, "req-" + UUID.randomUUID());
            }
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(ApiErrors.fault(status, message(status)).getBody()));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the response was already committed: nothing more to say
        }
    }

    private static String message(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "the request was refused before routing: its request line, path or headers are not "
                    + "valid as this service reads them (e.g. an encoded NUL or a backslash in the path); send a "
                    + "canonical path with printable headers";
            case HTTP_VERSION_NOT_SUPPORTED -> "HTTP version not supported: use HTTP/1.1";
            default -> status.getReasonPhrase();
        };
    }
}
