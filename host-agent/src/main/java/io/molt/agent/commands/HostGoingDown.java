package io.molt.agent.commands;

/**
 * Thrown by a step that took its host down (a reboot or kexec is under way) and was stopped by the shutdown:
 * the command has no result yet. It is neither recorded in the ledger nor acknowledged, so the broker
 * delivers it again to the agent that starts after the boot, whose journal finishes it.
 */
public final class HostGoingDown extends RuntimeException {

    public HostGoingDown(String message) {
        super(message);
    }
}
