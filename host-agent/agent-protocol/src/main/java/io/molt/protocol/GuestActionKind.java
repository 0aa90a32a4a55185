package io.molt.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/** What the campaign does with a guest that stays on its host during the upgrade (v1: a string of these names). */
public enum GuestActionKind {
    /** Held in place: device state saved, RAM kept, a new QEMU maps it again. */
    PRESERVE,
    /** Managed save: all its RAM to disk, started again from the image. */
    SUSPEND_TO_DISK,
    /** Shut down cleanly (powered off after a timeout) and booted again. */
    COLD_RESTART;

    /** The constant of this wire name; a name this build does not know is an {@link UnknownValue}. */
    @JsonCreator
    public static GuestActionKind of(String name) {
        return UnknownValue.parse(GuestActionKind.class, "action", name);
    }
}
