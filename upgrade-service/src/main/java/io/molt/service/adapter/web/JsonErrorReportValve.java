package io.molt.service.adapter.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last word on an error that nothing else answered, as the API's JSON fault (with a request id)
 * instead of its HTML page: chiefly requests that Tomcat refuses before they reach any filter or controller
 * (an encoded NUL or a backslash in the path, a malformed request line or header, headers too large, an
 * unknown transfer encoding, a request line that is not HTTP/1.1). Such an answer is the same whoever asks: no
 * token is looked at, and nothing was routed. Tomcat's 501 (transfer encoding) and 505 (HTTP version) are
 * answered as 400: they are faults of the request, and the API answers none with a 5xx. Installed as the
 * host's error report valve by {@link TomcatPaths}.
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
        String message = message(status);
        if (status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED || status == HttpStatus.NOT_IMPLEMENTED) {
            status = HttpStatus.BAD_REQUEST;
            response.setStatus(status.value());
        }
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            String id = response.getHeader(RequestIdFilter.HEADER);
            if (id == null) { // refused before the filters ran: the caller's id where Tomcat could read the headers
                id = RequestIdFilter.fromCaller(request.getHeader(RequestIdFilter.HEADER));
                response.setHeader(RequestIdFilter.HEADER, id);
            }
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(ApiErrors.body(status, message, id)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the response was already committed: nothing more to say
        }
    }

    private static String message(HttpStatus status) {
        return status == HttpStatus.BAD_REQUEST ? "the request was refused before routing: its request line, path "
                + "or headers are not valid as this service reads them (e.g. an encoded NUL or a backslash in the "
                + "path, a header without a colon, a bad Content-Length); send a canonical path with printable "
                + "headers" : ContainerErrors.messageFor(status);
    }
}
