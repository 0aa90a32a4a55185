package io.molt.agent.steps;

import io.molt.protocol.Commands;
import java.util.Arrays;
import java.util.UUID;

/** One guest of a PreserveGuests or RestoreGuests command, checked. */
record GuestAction(UUID uuid, Kind kind) {

    /** What the campaign does with a guest that stays on its host. */
    enum Kind { PRESERVE, SUSPEND_TO_DISK, COLD_RESTART }

    /** Throws {@link IllegalArgumentException} (answered as REFUSED INVALID_COMMAND) on a bad uuid or action. */
    static GuestAction of(Commands.GuestAction guest) {
        UUID uuid;
        try {
            uuid = UUID.fromString(guest.vmUuid());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("guest " + guest.vmUuid() + " is not a UUID");
        }
        Kind kind = Arrays.stream(Kind.values()).filter(k -> k.name().equals(guest.action())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("guest " + guest.vmUuid() + ": unknown action "
                        + guest.action() + " (expected one of " + Arrays.toString(Kind.values()) + ")"));
        return new GuestAction(uuid, kind);
    }

    static java.util.List<GuestAction> all(java.util.List<Commands.GuestAction> guests) {
        java.util.List<GuestAction> all = guests.stream().map(GuestAction::of).toList();
        if (all.stream().map(GuestAction::uuid).distinct().count() != all.size()) {
            throw new IllegalArgumentException("a guest is listed twice");
        }
        return all;
    }

    @Override
    public String toString() {
        return uuid + ":" + kind;
    }
}
