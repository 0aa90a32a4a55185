package io.molt.service.adapter.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers a request that Spring Security's firewall refused (a path that is not canonical, a method or a
 * header it does not accept). Such a request reaches no controller; its caller is still authenticated first,
 * so that it learns nothing without a token: 401 without a valid token; since what such a request means is
 * unknown, 403 unless the policy allows the caller every operation; only then 400 with what to fix.
 */
final class NonCanonicalPaths implements RequestRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(NonCanonicalPaths.class);

    private final AuthFaults faults;
    private final ApiPolicy policy;
    private final AuthenticationManager tokens;
    private final String tokenHeader;

    /** {@code tokens} null: noauth mode, where every caller counts as an admin. */
    NonCanonicalPaths(AuthFaults faults, ApiPolicy policy, AuthenticationManager tokens, String tokenHeader) {
        this.faults = faults;
        this.policy = policy;
        this.tokens = tokens;
        this.tokenHeader = tokenHeader;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        log.info("refused a request the firewall does not accept: {}", rejected.getMessage());
        if (tokens != null) {
            String token = request.getHeader(tokenHeader);
            if (token == null || token.isBlank()) {
                faults.unauthorized(response, AuthFaults.NO_TOKEN);
                return;
            }
            Authentication caller;
            try {
                caller = tokens.authenticate(KeystoneAuthentication.unvalidated(token));
            } catch (AuthenticationServiceException e) {
                faults.write(response, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
                return;
            } catch (AuthenticationException e) {
                faults.unauthorized(response, e.getMessage());
                return;
            }
            if (!policy.allowsEverything(caller)) {
                faults.write(response, HttpStatus.FORBIDDEN, policy.refusal(caller));
                return;
            }
        }
        faults.write(response, HttpStatus.BAD_REQUEST, "the request was refused before routing: "
                + rejected.getMessage() + ". Send a canonical path (no matrix parameters, no encoded or doubled "
                + "slashes, no '..', no encoded '%', '.' or '\\') with a standard method and printable headers");
    }
}
