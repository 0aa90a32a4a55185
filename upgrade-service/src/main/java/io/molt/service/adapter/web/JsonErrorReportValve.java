package io.molt.service.adapter.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Tomcat's own error report (what it answers before a request reaches Spring: a malformed request line, an
 * unsupported HTTP version, headers too large, an unknown transfer encoding) as the API's JSON fault instead of
 * its HTML page. Installed in place of the host's {@link ErrorReportValve}. Tomcat's 505 (HTTP version) and 501
 * (transfer encoding) become 400: they are faults of the request, and the API answers none with a 5xx.
 */
public final class JsonErrorReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code);
        if (status == null) {
            status = code < 500 ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String message = ContainerErrors.messageFor(status);
        if (status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED || status == HttpStatus.NOT_IMPLEMENTED) {
            status = HttpStatus.BAD_REQUEST; // the client's request line or transfer encoding: its fault, not ours
            response.setStatus(status.value());
        }
        String id = response.getHeader(RequestIdFilter.HEADER);
        if (id == null) {
            id = "req-" + UUID.randomUUID();
            response.setHeader(RequestIdFilter.HEADER, id);
        }
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            OutputStream out = response.getOutputStream();
            JSON.writeValue(out, ApiErrors.body(status, message, id));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client went away or the response was already started: nothing more to say
        }
    }

    /** Swaps Spring Boot's {@link ErrorReportValve} on the host for this one (after Boot's own customizer ran). */
    @Component
    static class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                StandardHost host = (StandardHost) context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof JsonErrorReportValve)) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
                host.getPipeline().addValve(new JsonErrorReportValve());
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
