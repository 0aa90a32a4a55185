package io.molt.agent.libvirt;

/** A domain's run state, as far as preservation cares. */
public enum DomainState {
    RUNNING,
    PAUSED,
    SHUTOFF,
    CRASHED,
    /** Starting, stopping, suspended by the guest, blocked: not one of the above. */
    OTHER
}
