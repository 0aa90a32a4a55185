package io.molt.service.domain.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.protocol.HostCapabilities;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AgentRecordTest {

    private static final HostCapabilities CAPS = new HostCapabilities("qemu:///system", true, "9.0.0", "7.2.0", true,
            0, true, 1L << 30);
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void onlineUntilTheSilenceReachesTheLimit() {
        AgentRecord agent = AgentRecord.hello(null, "a", "1", 1, CAPS, T0);

        assertThat(agent.isOnline(T0.plusSeconds(29), Duration.ofSeconds(30))).isTrue();
        assertThat(agent.isOnline(T0.plusSeconds(30), Duration.ofSeconds(30))).isFalse();
        assertThat(agent.heartbeat(T0.plusSeconds(25)).isOnline(T0.plusSeconds(50), Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void aHelloAfterARestartKeepsWhenTheAgentWasFirstSeen() {
        AgentRecord first = AgentRecord.hello(null, "a", "1", 1, CAPS, T0);

        AgentRecord again = AgentRecord.hello(first, "a", "2", 1, CAPS, T0.plusSeconds(600));

        assertThat(again.firstSeenAt()).isEqualTo(T0);
        assertThat(again.lastHelloAt()).isEqualTo(T0.plusSeconds(600));
        assertThat(again.agentVersion()).isEqualTo("2");
    }

    @Test
    void aLateHeartbeatNeverMovesTheLastHeartbeatBack() {
        AgentRecord agent = AgentRecord.hello(null, "a", "1", 1, CAPS, T0).heartbeat(T0.plusSeconds(10));

        assertThat(agent.heartbeat(T0.plusSeconds(5)).lastHeartbeatAt()).isEqualTo(T0.plusSeconds(10));
    }
}
