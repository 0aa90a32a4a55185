package io.molt.service.adapter.nova;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.domain.cloud.CloudException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.ObjectMapperSingleton;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Endpoint;
import org.openstack4j.model.identity.v3.Service;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;

/**
 * One Keystone v3 token shared by openstack4j and the direct REST calls, renewed before it expires.
 * Password authentication goes through openstack4j; application credentials, which openstack4j 3.12
 * cannot send, through a direct request whose answer is read into openstack4j's own token type.
 * openstack4j's clients are bound to a thread: {@link #client()} makes one from the token for the caller.
 */
final class KeystoneSession {

    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);

    private final NovaProperties properties;
    private final Config config;
    private final HttpClient http;
    private final Clock clock;
    private volatile Token token;

    KeystoneSession(NovaProperties properties, HttpClient http, Clock clock) {
        this.properties = properties;
        this.http = http;
        this.clock = clock;
        Config base = Config.newConfig()
                .withConnectionTimeout((int) properties.connectTimeout().toMillis())
                .withReadTimeout((int) properties.readTimeout().toMillis());
        this.config = properties.computeEndpoint() == null ? base
                : base.withEndpointURLResolver(new ComputeEndpointOverride(properties.computeEndpoint()));
    }

    /** A valid token, authenticating again when the last one is near its expiry. */
    Token token() {
        Token current = token;
        if (current == null || expiresSoon(current)) {
            synchronized (this) {
                current = token;
                if (current == null || expiresSoon(current)) {
                    current = authenticate();
                    token = current;
                }
            }
        }
        return current;
    }

    /** Forgets the token after Nova rejected it (401), so that the next call authenticates again. */
    void invalidate(Token rejected) {
        synchronized (this) {
            if (token == rejected) {
                token = null;
            }
        }
    }

    /** An openstack4j client for the calling thread. */
    OSClientV3 client() {
        OSClientV3 client = OSFactory.clientFromToken(token(), facing(), config);
        Map<String, String> requestId = GlobalRequestId.headers();
        if (!requestId.isEmpty()) {
            client.headers(requestId);
        }
        return properties.region() == null ? client : client.useRegion(properties.region());
    }

    /**
     * The compute endpoint: {@code molt.nova.compute-endpoint} when set, else the one of the token's catalog,
     * e.g. {@code http://nova:8774/v2.1}.
     */
    URI computeEndpoint(Token forToken) {
        if (properties.computeEndpoint() != null) {
            return URI.create(properties.computeEndpoint().toString().replaceAll("/+$", ""));
        }
        for (Service service : forToken.getCatalog()) {
            if (!"compute".equals(service.getType())) {
                continue;
            }
            for (Endpoint endpoint : service.getEndpoints()) {
                boolean regionMatches = properties.region() == null
                        || properties.region().equals(endpoint.getRegion())
                        || properties.region().equals(endpoint.getRegionId());
                if (endpoint.getIface() == facing() && regionMatches) {
                    return URI.create(endpoint.getUrl().toString().replaceAll("/+$", ""));
                }
            }
        }
        throw new CloudException.Refused("no " + properties.endpointInterface() + " compute endpoint"
                + (properties.region() == null ? "" : " in region " + properties.region())
                + " in the Keystone catalog", 0);
    }

    private boolean expiresSoon(Token t) {
        return t.getExpires() != null
                && t.getExpires().toInstant().isBefore(clock.instant().plus(RENEW_BEFORE_EXPIRY));
    }

    private Facing facing() {
        return Facing.value(properties.endpointInterface());
    }

    private Token authenticate() {
        return properties.usesApplicationCredential() ? authenticateWithApplicationCredential() : authenticateWithPassword();
    }

    private Token authenticateWithPassword() {
        try {
            return OSFactory.builderV3()
                    .endpoint(properties.authUrl().toString())
                    .credentials(properties.username(), properties.password(),
                            Identifier.byName(properties.userDomainName()))
                    .scopeToProject(Identifier.byName(properties.projectName()),
                            Identifier.byName(properties.projectDomainName()))
                    .perspective(facing())
                    .withConfig(config)
                    .authenticate()
                    .getToken();
        } catch (RuntimeException e) {
            throw NovaErrors.fromOpenstack4j("Keystone authentication of " + properties.username(), e);
        }
    }

    private Token authenticateWithApplicationCredential() {
        String what = "Keystone authentication with application credential " + properties.applicationCredentialId();
        Map<String, Object> body = Map.of("auth", Map.of("identity", Map.of(
                "methods", new String[] {"application_credential"},
                "application_credential", Map.of(
                        "id", properties.applicationCredentialId(),
                        "secret", properties.applicationCredentialSecret()))));
        try {
            ObjectMapper mapper = ObjectMapperSingleton.getContext(KeystoneToken.class);
            HttpRequest request = HttpRequest.newBuilder(URI.create(properties.authUrl() + "/auth/tokens"))
                    .timeout(properties.readTimeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw NovaErrors.fromHttp(what, response.statusCode(), response.body());
            }
            KeystoneToken parsed = mapper.readerFor(KeystoneToken.class).readValue(response.body());
            parsed.setId(response.headers().firstValue("X-Subject-Token").orElseThrow());
            parsed.setEndpoint(properties.authUrl().toString());
            return parsed;
        } catch (IOException e) {
            throw NovaErrors.unreachable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw NovaErrors.unreachable(what, e);
        }
    }
}
