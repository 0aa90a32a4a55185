package io.molt.service.adapter.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The name of the user a request was authenticated as ("noauth" in noauth mode), for the audit trail. */
final class CurrentUser {

    private CurrentUser() {
    }

    static String name() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? "unknown" : authentication.getName();
    }
}
