package io.molt.service.adapter.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;

/** Strict reading of query parameters and of requests that take no body: a bad one is a 400 that says why. */
final class QueryParameters {

    private QueryParameters() {
    }

    /** The parameter as an integer in [min, max], {@code absent} when it is not given. */
    static long integer(String name, String value, long absent, long min, long max, String meaning) {
        if (value == null) {
            return absent;
        }
        String rule = "query parameter '" + name + "' (" + meaning + ") must be an integer from " + min + " to "
                + max;
        if (!value.matches("\\d{1,19}")) {
            throw new ApiException(HttpStatus.BAD_REQUEST, rule + ", was '" + ApiErrors.printable(value) + "'");
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // past Long.MAX_VALUE: out of range like any other
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, rule + ", was " + ApiErrors.printable(value));
    }

    /** Refuses a body on an action that takes none (it would be ignored, and the caller may think otherwise). */
    static void requireNoBody(HttpServletRequest request, String action) {
        if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, action + " takes no request body: send it without one");
        }
    }
}
