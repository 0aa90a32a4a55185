package io.molt.service.adapter.web;

import java.io.IOException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/**
 * Validates a request's {@link KeystoneAuthentication} in Keystone ({@link KeystoneTokens}, cached). An
 * invalid, expired or revoked token is {@link BadCredentialsException} (401); Keystone out of reach is
 * {@link AuthenticationServiceException} (503).
 */
final class KeystoneTokenProvider implements AuthenticationProvider {

    private final KeystoneTokens tokens;
    private final String keystoneUrl;

    KeystoneTokenProvider(KeystoneTokens tokens, String keystoneUrl) {
        this.tokens = tokens;
        this.keystoneUrl = keystoneUrl;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((KeystoneAuthentication) authentication).token();
        try {
            return tokens.validate(token).map(identity -> KeystoneAuthentication.validated(token, identity))
                    .orElseThrow(() -> new BadCredentialsException("the X-Auth-Token is not valid (expired or "
                            + "revoked): get a new one with `openstack token issue`"));
        } catch (IOException e) {
            throw new AuthenticationServiceException("cannot validate the token: Keystone at " + keystoneUrl
                    + " is unreachable (" + e.getMessage() + "); check molt.auth.keystone-url", e);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return KeystoneAuthentication.class.isAssignableFrom(authentication);
    }
}
