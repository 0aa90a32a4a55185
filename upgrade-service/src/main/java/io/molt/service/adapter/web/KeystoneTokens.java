package io.molt.service.adapter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates Keystone tokens ({@code GET /v3/auth/tokens} with the token as its own subject, which Keystone's
 * default policy allows) and caches the answer for a while, never past the token's expiry.
 */
final class KeystoneTokens {

    /** Who a valid token belongs to. */
    record Identity(String user, Set<String> roles, Instant expiresAt) {
    }

    private record Cached(Optional<Identity> identity, Instant until) {
    }

    private static final DateTimeFormatter KEYSTONE_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final String keystoneUrl;
    private final Duration ttl;
    private final Clock clock;

    KeystoneTokens(String keystoneUrl, Duration ttl, Clock clock) {
        // accept the identity endpoint as operators write it (OS_AUTH_URL ends in /v3) or without the version
        this.keystoneUrl = keystoneUrl.replaceAll("/+$", "").replaceAll("/v3$", "");
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The token's identity, or empty when Keystone says it is not valid. Throws IOException when unreachable. */
    Optional<Identity> validate(String token) throws IOException {
        Instant now = clock.instant();
        Cached cached = cache.get(token);
        if (cached != null && cached.until().isAfter(now)) {
            return cached.identity();
        }
        Optional<Identity> identity = ask(token);
        Instant until = now.plus(ttl);
        if (identity.isPresent() && identity.get().expiresAt() != null && identity.get().expiresAt().isBefore(until)) {
            until = identity.get().expiresAt();
        }
        if (cache.size() > 10_000) {
            cache.clear();
        }
        cache.put(token, new Cached(identity, until));
        return identity;
    }

    private Optional<Identity> ask(String token) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(keystoneUrl + "/v3/auth/tokens"))
                .header("X-Auth-Token", token).header("X-Subject-Token", token).timeout(Duration.ofSeconds(10))
                .GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking Keystone", e);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403 || response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("Keystone answered " + response.statusCode() + " to a token validation");
        }
        JsonNode body = json.readTree(response.body()).path("token");
        Set<String> roles = new HashSet<>();
        body.path("roles").forEach(r -> roles.add(r.path("name").asText()));
        String expires = body.path("expires_at").asText(null);
        return Optional.of(new Identity(body.path("user").path("name").asText("unknown"), roles,
                expires == null ? null : expiry(expires)));
    }

    /**
     * Keystone writes {@code 2026-12-02T18:25:15.000000Z} for password tokens and {@code 2026-12-02T18:25:15},
     * in UTC without a zone, for tokens capped by an application credential's expiry.
     */
    static Instant expiry(String text) throws IOException {
        try {
            return OffsetDateTime.parse(text, KEYSTONE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw new IOException("Keystone gave a token expiry that is not a time: '" + text + "'", again);
            }
        }
    }
}
