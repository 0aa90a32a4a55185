package io.molt.service.domain.cloud;

/** Nova's vm_state, reduced to what planning needs. */
public enum VmState {
    ACTIVE,
    PAUSED,
    SUSPENDED,
    SHUTOFF,
    ERROR,
    /** Building, migrating, resizing or anything else in flight: a host with such a VM is not started. */
    BUSY;

    /** Whether the guest runs (its memory is live): only such a VM has anything to lose. */
    public boolean running() {
        return this == ACTIVE || this == PAUSED || this == BUSY;
    }
}
