package io.molt.protocol;

import java.util.Optional;

/**
 * Names of the AMQP exchanges, queues and routing keys, all under one prefix (default {@code molt})
 * so that several installations or test runs can share a broker.
 *
 * <ul>
 *   <li>{@code <prefix>.commands}: direct exchange; routing key = host name; bound to the durable
 *       per-host queue {@code <prefix>.agent.<host>}.</li>
 *   <li>{@code <prefix>.events}: topic exchange; routing key {@code report.<kind>.<host>} (host last,
 *       since host names may contain dots); bound to the service's durable queue
 *       {@code <prefix>.service.events}.</li>
 *   <li>{@code <prefix>.notifications}: topic exchange for tenants and operators.</li>
 * </ul>
 */
public record Topology(String prefix) {

    public static final Topology DEFAULT = new Topology("molt");

    public Topology {
        if (prefix == null || !prefix.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException("AMQP prefix must be 1-64 lower-case letters, digits, '-' or '_'");
        }
    }

    public String commandsExchange() {
        return prefix + ".commands";
    }

    public String eventsExchange() {
        return prefix + ".events";
    }

    public String notificationsExchange() {
        return prefix + ".notifications";
    }

    public String agentQueue(String host) {
        return prefix + ".agent." + HostNames.requireValid(host);
    }

    public String serviceEventsQueue() {
        return prefix + ".service.events";
    }

    /** Routing key of a command on the commands exchange. */
    public String commandRoutingKey(String host) {
        return HostNames.requireValid(host);
    }

    /** Routing key of a report on the events exchange, e.g. {@code report.heartbeat.compute-1}. */
    public String reportRoutingKey(MessageType type, String host) {
        return type.wireName() + "." + HostNames.requireValid(host);
    }

    /** The binding that delivers every report to the service. */
    public String allReportsBinding() {
        return "report.#";
    }

    /** The host a report's routing key names, if the key has the report form. */
    public Optional<String> hostOfReportRoutingKey(String routingKey) {
        if (routingKey == null) {
            return Optional.empty();
        }
        String[] parts = routingKey.split("\\.", 3);
        if (parts.length != 3 || !parts[0].equals("report") || !HostNames.isValid(parts[2])) {
            return Optional.empty();
        }
        return Optional.of(parts[2]);
    }
}
