package io.molt.agent.steps;

import io.molt.protocol.Commands;
import io.molt.protocol.GuestActionKind;
import java.util.UUID;

/** One guest of a PreserveGuests or RestoreGuests command, checked. */
record GuestAction(UUID uuid, GuestActionKind kind) {

    /** Throws {@link IllegalArgumentException} (answered as REFUSED INVALID_COMMAND) on a bad uuid. */
    static GuestAction of(Commands.GuestAction guest) {
        UUID uuid;
        try {
            uuid = UUID.fromString(guest.vmUuid());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("guest " + guest.vmUuid() + " is not a UUID");
        }
        return new GuestAction(uuid, guest.action());
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
