package io.molt.service.adapter.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an OpenStack-style id ({@code x-openstack-request-id: req-<uuid>}), in the response,
 * in the logs (MDC {@value #MDC_KEY}) and on the calls to Nova made while serving it. A caller's own
 * {@code X-OpenStack-Request-ID} is kept when it has that form (so that one id follows a request from a
 * client through Molt into Nova, as OpenStack's global request id does); any other value is ignored and a
 * new id given, so that nothing a caller sends is echoed unchecked into headers or logs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter extends OncePerRequestFilter {

    static final String HEADER = "x-openstack-request-id";
    static final String MDC_KEY = "request_id";
    private static final String ATTRIBUTE = "molt.request_id";
    private static final Pattern WELL_FORMED = Pattern.compile(
            "req-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** Also on the container's error dispatch, so that an error page carries the request's own id. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    /** The caller's id when it is well formed, else a new one. */
    static String fromCaller(String header) {
        return header != null && WELL_FORMED.matcher(header).matches() ? header.toLowerCase(Locale.ROOT)
                : "req-" + UUID.randomUUID();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Object known = request.getAttribute(ATTRIBUTE);
        String id = known != null ? known.toString() : fromCaller(request.getHeader(HEADER));
        request.setAttribute(ATTRIBUTE, id);
        response.setHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }
}
