package io.molt.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopologyTest {

    private final Topology topology = new Topology("molt");

    @Test
    void reportRoutingKeyCarriesTheHostLastEvenWithDots() {
        String key = topology.reportRoutingKey(MessageType.HEARTBEAT, "compute-1.az1.example");

        assertThat(key).isEqualTo("report.heartbeat.compute-1.az1.example");
        assertThat(topology.hostOfReportRoutingKey(key)).contains("compute-1.az1.example");
    }

    @Test
    void routingKeysThatAreNotReportsNameNoHost() {
        assertThat(topology.hostOfReportRoutingKey("command.ping.a")).isEmpty();
        assertThat(topology.hostOfReportRoutingKey("report.heartbeat")).isEmpty();
        assertThat(topology.hostOfReportRoutingKey(null)).isEmpty();
    }

    @Test
    void queueNamesRefuseInvalidHosts() {
        assertThat(topology.agentQueue("b")).isEqualTo("molt.agent.b");
        assertThatThrownBy(() -> topology.agentQueue("*")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prefixMustBeSafeForBrokerNames() {
        assertThatThrownBy(() -> new Topology("Molt Prod")).hasMessageContaining("prefix");
    }
}
