package io.molt.service.domain.agent;

import io.molt.protocol.HostCapabilities;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** What the service knows of one host agent. */
public record AgentRecord(
        String host,
        String agentVersion,
        int protocolVersion,
        HostCapabilities capabilities,
        Instant firstSeenAt,
        Instant lastHelloAt,
        Instant lastHeartbeatAt) {

    public AgentRecord {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(lastHeartbeatAt, "lastHeartbeatAt");
    }

    /** A first hello, or a hello after a restart or reconnection (keeps when it was first seen). */
    public static AgentRecord hello(AgentRecord previous, String host, String agentVersion, int protocolVersion,
                                    HostCapabilities capabilities, Instant at) {
        Instant first = previous == null ? at : previous.firstSeenAt();
        return new AgentRecord(host, agentVersion, protocolVersion, capabilities, first, at, at);
    }

    public AgentRecord heartbeat(Instant at) {
        Instant latest = at.isAfter(lastHeartbeatAt) ? at : lastHeartbeatAt;
        return new AgentRecord(host, agentVersion, protocolVersion, capabilities, firstSeenAt, lastHelloAt, latest);
    }

    /** Online while the last heartbeat is more recent than {@code offlineAfter}. */
    public boolean isOnline(Instant now, Duration offlineAfter) {
        return Duration.between(lastHeartbeatAt, now).compareTo(offlineAfter) < 0;
    }
}
