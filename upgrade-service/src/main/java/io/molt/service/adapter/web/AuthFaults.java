package io.molt.service.adapter.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * The answers of the security layer, as the API's JSON faults: 401 without a token or with one Keystone
 * does not accept (with {@code WWW-Authenticate: Keystone uri="..."}, as keystonemiddleware answers), 403
 * when the token's roles do not allow the operation, 503 when Keystone cannot be asked.
 */
final class AuthFaults implements AuthenticationEntryPoint, AuthenticationFailureHandler, AccessDeniedHandler {

    static final String NO_TOKEN = "an X-Auth-Token header is required: get a token with `openstack token issue` "
            + "and send it as X-Auth-Token";

    private final ObjectMapper json;
    private final String keystoneUrl;
    private final ApiPolicy policy;

    AuthFaults(ObjectMapper json, String keystoneUrl, ApiPolicy policy) {
        this.json = json;
        this.keystoneUrl = keystoneUrl;
        this.policy = policy;
    }

    /** No token (or an anonymous caller) on a path that needs one. */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        unauthorized(response, NO_TOKEN);
    }

    /** A token that Keystone refused, or Keystone out of reach. */
    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException e) throws IOException {
        if (e instanceof AuthenticationServiceException) {
            write(response, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        } else {
            unauthorized(response, e.getMessage());
        }
    }

    /** A valid token whose roles the policy does not allow for this operation. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(response, HttpStatus.FORBIDDEN,
                policy.refusal(SecurityContextHolder.getContext().getAuthentication(), request));
    }

    void unauthorized(HttpServletResponse response, String message) throws IOException {
        response.setHeader("WWW-Authenticate", "Keystone uri=\"" + keystoneUrl + "\"");
        write(response, HttpStatus.UNAUTHORIZED, message);
    }

    void write(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), ApiErrors.fault(status, message).getBody());
    }
}
