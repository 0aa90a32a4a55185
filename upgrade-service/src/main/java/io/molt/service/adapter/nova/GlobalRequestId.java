package io.molt.service.adapter.nova;

import java.util.Map;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * The id of the API request being served on this thread, which the web adapter keeps in the logging context
 * (MDC {@code request_id}, always of the form {@code req-<uuid>}): sent to Nova as
 * {@code X-OpenStack-Request-ID}, which Nova records as the call's global request id, so that Nova's logs of
 * a campaign's creation name the request that caused them. Calls made by the engine carry none.
 */
final class GlobalRequestId {

    static final String HEADER = "X-OpenStack-Request-ID";
    private static final String MDC_KEY = "request_id";

    private GlobalRequestId() {
    }

    static Optional<String> current() {
        return Optional.ofNullable(MDC.get(MDC_KEY)).filter(id -> id.startsWith("req-"));
    }

    /** The header for openstack4j, empty when no request is being served. */
    static Map<String, String> headers() {
        return current().map(id -> Map.of(HEADER, id)).orElse(Map.of());
    }
}
