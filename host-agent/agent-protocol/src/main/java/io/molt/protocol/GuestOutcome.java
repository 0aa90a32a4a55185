package io.molt.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/** How one guest ended a PreserveGuests (the first five) or a RestoreGuests (the rest, and FAILED). */
public enum GuestOutcome {
    /** Held: device state saved, RAM kept, QEMU gone. */
    PRESERVED,
    /** Managed-saved to disk. */
    SAVED,
    /** Shut down cleanly, or powered off when it did not stop in time. */
    SHUT_DOWN,
    /** It was not running when the campaign reached it; left as it was. */
    ALREADY_OFF,
    /** Restored by a new QEMU mapping its kept RAM. */
    RESTORED,
    /** Started again: from its managed save, or booted after a shutdown. */
    STARTED,
    /** Found running and verified; nothing to bring back. */
    RUNNING,
    /** Not running before the campaign, and left off. */
    LEFT_OFF,
    /** The agent could not take it down or bring it back; the message says why. */
    FAILED;

    /** The constant of this wire name; a name this build does not know is an {@link UnknownValue}. */
    @JsonCreator
    public static GuestOutcome of(String name) {
        return UnknownValue.parse(GuestOutcome.class, "outcome", name);
    }
}
