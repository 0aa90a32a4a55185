package io.molt.service.adapter.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;

/**
 * Which callers may do what: every operation needs the admin role ({@code molt.auth.admin-role}).
 */
final class ApiPolicy {

    private final String adminRole;

    ApiPolicy(String adminRole) {
        this.adminRole = adminRole;
    }

    /** Whether the caller may carry out this request. */
    boolean allows(Authentication caller, HttpServletRequest request) {
        return hasAnyApiRole(caller);
    }

    /** Whether the caller holds a role that some operation of the API accepts. */
    boolean hasAnyApiRole(Authentication caller) {
        return caller != null && caller.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_" + adminRole));
    }

    /** What a refused caller is told. */
    String refusal(Authentication caller, HttpServletRequest request) {
        return "user " + (caller == null ? "unknown" : caller.getName()) + " lacks the role '" + adminRole
                + "' that the Molt API requires (molt.auth.admin-role)";
    }
}
