package io.molt.service.domain.cloud;

/** Nova's vm_state, reduced to what planning needs. */
public enum VmState {
    ACTIVE,
    PAUSED,
    SUSPENDED,
    SHUTOFF,
    ERROR,
    /** Building, migrating, resizing or anything else in flight: a host with such a VM is not started. */
    BUSY
}
