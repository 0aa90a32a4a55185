package io.molt.service.adapter.web;

import java.util.Collection;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request's Keystone token: before validation only the token (from {@code X-Auth-Token}); after it, the
 * user and the token's roles, each as the authority {@code ROLE_<role name>}. The token itself is never part
 * of {@link #toString()}, of an event or of a log line.
 */
final class KeystoneAuthentication extends AbstractAuthenticationToken {

    private final transient String token;
    private final String user;

    private KeystoneAuthentication(String token, String user, Collection<? extends GrantedAuthority> roles) {
        super(roles);
        this.token = token;
        this.user = user;
        setAuthenticated(user != null);
    }

    /** A token as the caller sent it, not yet validated. */
    static KeystoneAuthentication unvalidated(String token) {
        return new KeystoneAuthentication(token, null, List.of());
    }

    /** The token after Keystone validated it. */
    static KeystoneAuthentication validated(String token, KeystoneTokens.Identity identity) {
        return new KeystoneAuthentication(token, identity.user(),
                identity.roles().stream().sorted().map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList());
    }

    String token() {
        return token;
    }

    @Override
    public Object getCredentials() {
        return token;
    }

    @Override
    public Object getPrincipal() {
        return user;
    }

    @Override
    public String getName() {
        return user == null ? "unvalidated token" : user;
    }

    @Override
    public String toString() {
        return "KeystoneAuthentication[user=" + getName() + ", roles=" + getAuthorities() + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeystoneAuthentication that && super.equals(that);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
