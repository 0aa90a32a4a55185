package io.molt.service.domain.port;

import io.molt.protocol.Envelope;

/** The way to the host agents: delivers a command envelope to the agent of its host. */
public interface HostAgents {

    /** Hands the command to the broker for its host's queue; returns once the broker confirmed it. */
    void send(Envelope command);
}
