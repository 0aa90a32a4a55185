package io.molt.service.adapter.web;

import org.apache.catalina.core.StandardHost;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Tomcat's own answers. It passes an encoded slash ({@code %2F}) through undecoded instead of answering 400 with its own HTML
 * page, so that Spring Security's firewall refuses it like any other non-canonical path: the caller is
 * authenticated first and every answer is the API's JSON fault ({@link NonCanonicalPaths}). What Tomcat
 * still refuses itself (an encoded NUL or backslash) it answers with the JSON fault of
 * {@link JsonErrorReportValve}.
 */
@Component
class TomcatPaths implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addConnectorCustomizers(connector ->
                connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        });
    }
}
