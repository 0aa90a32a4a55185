package io.molt.protocol;

import java.util.Objects;

/**
 * One guest's result in a PreserveGuests or RestoreGuests answer (protocol v2; v1 carried it as details keys,
 * see {@link ResultDetails}).
 *
 * @param vmUuid     the Nova server (libvirt domain) uuid
 * @param outcome    what happened to it
 * @param message    the agent's words for it, e.g. "restored with its RAM kept", or why it failed
 * @param downtimeMs from the moment the agent began taking it down to its verified restore, as the agent
 *                   measured it; null in a PreserveGuests answer and for a guest that did not come back
 * @param ramKept    whether its RAM stayed in memory (held by PRESERVE, or mapped again on restore)
 */
public record GuestResult(String vmUuid, GuestOutcome outcome, String message, Long downtimeMs, boolean ramKept) {

    public GuestResult {
        Envelope.requireText(vmUuid, "vmUuid");
        Objects.requireNonNull(outcome, "outcome is required");
        message = message == null ? "" : message;
        if (downtimeMs != null && downtimeMs < 0) {
            throw new IllegalArgumentException("downtimeMs must not be negative");
        }
    }
}
