package io.molt.service.adapter.web;

import io.molt.service.config.AuthProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /v1}: the {@code X-Auth-Token} must be valid in Keystone and carry the admin role
 * ({@code molt.auth.admin-role}). In {@code noauth} mode every caller is let in, and the log says so loudly.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class KeystoneAuthFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(KeystoneAuthFilter.class);
    private static final String USER = "molt.user";

    private final AuthProperties auth;
    private final KeystoneTokens tokens;
    private final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

    KeystoneAuthFilter(AuthProperties auth, Clock clock) {
        this.auth = auth;
        this.tokens = auth.noauth() ? null : new KeystoneTokens(auth.keystoneUrl(), auth.cacheTtl(), clock);
        if (auth.noauth()) {
            log.warn("*****************************************************************************************");
            log.warn("* molt.auth.mode=noauth: the admin API accepts ANY caller without a token.               *");
            log.warn("* This mode exists only for the embedded demo. Never run a real cloud like this.          *");
            log.warn("*****************************************************************************************");
        }
    }

    /** The user a request was authenticated as ("noauth" in noauth mode). */
    static String user(HttpServletRequest request) {
        Object user = request.getAttribute(USER);
        return user == null ? "unknown" : user.toString();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (auth.noauth()) {
            request.setAttribute(USER, "noauth");
            chain.doFilter(request, response);
            return;
        }
        String token = request.getHeader("X-Auth-Token");
        if (token == null || token.isBlank()) {
            refuse(response, HttpStatus.UNAUTHORIZED, "an X-Auth-Token header is required: get a token with "
                    + "`openstack token issue` and send it as X-Auth-Token");
            return;
        }
        Optional<KeystoneTokens.Identity> identity;
        try {
            identity = tokens.validate(token);
        } catch (IOException e) {
            refuse(response, HttpStatus.SERVICE_UNAVAILABLE, "cannot validate the token: Keystone at "
                    + auth.keystoneUrl() + " is unreachable (" + e.getMessage() + "); check molt.auth.keystone-url");
            return;
        }
        if (identity.isEmpty()) {
            refuse(response, HttpStatus.UNAUTHORIZED, "the X-Auth-Token is not valid (expired or revoked): "
                    + "get a new one with `openstack token issue`");
            return;
        }
        if (!identity.get().roles().contains(auth.adminRole())) {
            refuse(response, HttpStatus.FORBIDDEN, "user " + identity.get().user() + " lacks the role '"
                    + auth.adminRole() + "' that the Molt API requires (molt.auth.admin-role)");
            return;
        }
        request.setAttribute(USER, identity.get().user());
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        ResponseEntity<Map<String, Object>> fault = ApiErrors.fault(status, message);
        response.setStatus(status.value());
        response.setContentType("application/json");
        json.writeValue(response.getOutputStream(), fault.getBody());
    }
}
