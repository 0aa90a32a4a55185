package io.molt.service.adapter.web;

import io.molt.service.settings.ApiProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything runs, what no handler may answer with a success, so that a refused request changes
 * nothing: an {@code Accept} that excludes JSON (406; the API answers only JSON), NUL characters in the query
 * (400), and a body over {@code molt.api.max-body-size} (413, by its length or while it is read).
 */
@Component
@Order(SecurityProperties.DEFAULT_FILTER_ORDER + 10) // after authentication: a caller without a token learns nothing
class RequestGuardFilter extends OncePerRequestFilter {

    /** A body went past the limit while it was read. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("the request body is larger than " + limit + " bytes (molt.api.max-body-size): send less");
        }
    }

    private final long limit;

    RequestGuardFilter(ApiProperties properties) {
        this.limit = properties.maxBodySize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refusal = acceptRefusal(request.getHeader("Accept"), request.getRequestURI());
        if (refusal != null) {
            ApiErrors.write(response, refusal.startsWith("the Accept header is not") ? HttpStatus.BAD_REQUEST
                    : HttpStatus.NOT_ACCEPTABLE, refusal);
            return;
        }
        String query = request.getQueryString();
        if (query != null && (query.indexOf('\0') >= 0 || query.toLowerCase().contains("%00"))) {
            ApiErrors.write(response, HttpStatus.BAD_REQUEST, "the query string contains a NUL character: remove it");
            return;
        }
        if (request.getContentLengthLong() > limit) {
            ApiErrors.write(response, HttpStatus.PAYLOAD_TOO_LARGE, new TooLarge(limit).getMessage());
            return;
        }
        chain.doFilter(new Limited(request, limit), response);
    }

    /** Why an Accept header cannot be honoured, or null. The actuator's own types are its business. */
    private static String acceptRefusal(String accept, String path) {
        if (accept == null || accept.isBlank() || path.startsWith("/actuator")) {
            return null;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            return "the Accept header is not a list of media types: send Accept: application/json";
        }
        boolean json = types.stream().anyMatch(t -> t.isCompatibleWith(MediaType.APPLICATION_JSON)
                && t.getQualityValue() > 0);
        return json ? null : "this API answers only application/json, which the Accept header (" + abbreviate(accept)
                + ") excludes: send Accept: application/json";
    }

    private static String abbreviate(String text) {
        String clean = text.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
    }

    /** Counts the bytes read from the body and fails past the limit (a chunked body has no length). */
    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > limit) {
                throw new TooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
