package io.molt.service.domain.plan;

/** What happens to one VM when its host is upgraded. */
public enum Action {
    /** In place: RAM kept, device state saved, hypervisor replaced or host kexec'd, VM resumed. */
    PRESERVE,
    /** Moved to another host through Nova before its host goes down. */
    LIVE_MIGRATE,
    /** Managed save to local disk, restored after the upgrade. */
    SUSPEND_TO_DISK,
    /** Deleted: its policy says a replicated service replaces it. */
    TERMINATE,
    /** Shut down, host upgraded, started again (the baseline). */
    COLD_RESTART;

    /** The action as a noun in a sentence, e.g. {@code live migration}. */
    public String noun() {
        return switch (this) {
            case PRESERVE -> "in-place preservation";
            case LIVE_MIGRATE -> "live migration";
            case SUSPEND_TO_DISK -> "suspend to disk";
            case TERMINATE -> "termination";
            case COLD_RESTART -> "cold restart";
        };
    }

    /** Whether the VM stays reachable while its host is down (it has moved away first). */
    public boolean keepsVmAvailable() {
        return this == LIVE_MIGRATE;
    }
}
