package io.molt.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * What follows a host's upgrade command (command RunUpgrade's {@code target}), and which boot RestoreGuests
 * runs first ({@code bootInto}: KERNEL or FULL_REBOOT; the service leaves it out for USERSPACE). v1: a string
 * of these names.
 */
public enum UpgradeTarget {
    /** Packages only: the running kernel stays. */
    USERSPACE,
    /** A new kernel, entered by kexec once the guests are down. */
    KERNEL,
    /** A new kernel, entered by a full reboot once the guests are down. */
    FULL_REBOOT;

    /** The constant of this wire name; a name this build does not know is an {@link UnknownValue}. */
    @JsonCreator
    public static UpgradeTarget of(String name) {
        return UnknownValue.parse(UpgradeTarget.class, "target", name);
    }
}
