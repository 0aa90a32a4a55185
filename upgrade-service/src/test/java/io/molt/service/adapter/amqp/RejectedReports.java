package io.molt.service.adapter.amqp;

import io.molt.protocol.HostCapabilities;
import io.molt.protocol.Topology;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * What the report tests share: a host's capabilities to announce, messages written by hand as a peer of any
 * version would send them, their publication on the events exchange, and the rejected-reports metric.
 */
final class RejectedReports {

    static final HostCapabilities CAPS = new HostCapabilities("test:///default", true, "9.0.0", "7.2.0", false, 0,
            false, 1L << 30);

    private RejectedReports() {
    }

    /** A message as JSON text; {@code host} is JSON too ({@code "\"a\""}, or {@code "null"}). */
    static byte[] raw(String type, int version, String host, String payload) {
        return ("{\"id\":\"m-" + System.nanoTime() + "\",\"type\":\"" + type + "\",\"protocolVersion\":" + version
                + ",\"host\":" + host + ",\"issuedAt\":\"2026-11-21T12:00:00Z\",\"payload\":" + payload + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Publishes a report's bytes on the events exchange, as an agent does. */
    static void publish(RabbitTemplate rabbit, Topology topology, String routingKey, byte[] body) {
        rabbit.send(topology.eventsExchange(), routingKey, MessageBuilder.withBody(body)
                .setContentType("application/json").build());
    }

    /** {@code molt_agent_reports_rejected_total} for this reason in a Prometheus scrape (0 when absent). */
    static double count(String metrics, String reason) {
        Matcher m = Pattern.compile("molt_agent_reports_rejected_total\\{[^}]*reason=\"" + reason + "\"[^}]*} ([0-9.]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
