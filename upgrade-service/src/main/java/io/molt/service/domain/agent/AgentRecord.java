package io.molt.service.domain.agent;

import io.molt.protocol.HostCapabilities;
import io.molt.protocol.MessageType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the service knows of one host agent.
 *
 * @param commands the wire names of the commands the agent said it carries out (protocol v2); empty when it
 *                 did not say (v1)
 */
public record AgentRecord(
        String host,
        String agentVersion,
        int protocolVersion,
        HostCapabilities capabilities,
        Instant firstSeenAt,
        Instant lastHelloAt,
        Instant lastHeartbeatAt,
        List<String> commands) {

    public AgentRecord {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(lastHeartbeatAt, "lastHeartbeatAt");
        commands = commands == null ? List.of() : List.copyOf(commands);
    }

    /** An agent that did not say which commands it carries out. */
    public AgentRecord(String host, String agentVersion, int protocolVersion, HostCapabilities capabilities,
            Instant firstSeenAt, Instant lastHelloAt, Instant lastHeartbeatAt) {
        this(host, agentVersion, protocolVersion, capabilities, firstSeenAt, lastHelloAt, lastHeartbeatAt, List.of());
    }

    /** A first hello, or a hello after a restart or reconnection (keeps when it was first seen). */
    public static AgentRecord hello(AgentRecord previous, String host, String agentVersion, int protocolVersion,
                                    HostCapabilities capabilities, List<String> commands, Instant at) {
        Instant first = previous == null ? at : previous.firstSeenAt();
        return new AgentRecord(host, agentVersion, protocolVersion, capabilities, first, at, at, commands);
    }

    /** A hello that does not say which commands the agent carries out. */
    public static AgentRecord hello(AgentRecord previous, String host, String agentVersion, int protocolVersion,
                                    HostCapabilities capabilities, Instant at) {
        return hello(previous, host, agentVersion, protocolVersion, capabilities, List.of(), at);
    }

    public AgentRecord heartbeat(Instant at) {
        Instant latest = at.isAfter(lastHeartbeatAt) ? at : lastHeartbeatAt;
        return new AgentRecord(host, agentVersion, protocolVersion, capabilities, firstSeenAt, lastHelloAt, latest,
                commands);
    }

    /**
     * Whether the agent carries out commands of this type: as it said in its hello (protocol v2), or, for an agent
     * that did not say (v1), assumed so: it is sent the command and the step's timeout covers one that drops it.
     */
    public boolean carriesOut(MessageType type) {
        return protocolVersion < 2 || commands.contains(type.wireName());
    }

    /** Online while the last heartbeat is more recent than {@code offlineAfter}. */
    public boolean isOnline(Instant now, Duration offlineAfter) {
        return Duration.between(lastHeartbeatAt, now).compareTo(offlineAfter) < 0;
    }
}
