package io.molt.service.adapter.amqp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.molt.protocol.Envelope;
import io.molt.protocol.ProtocolCodec;
import io.molt.protocol.ProtocolViolation;
import io.molt.protocol.Topology;
import io.molt.service.application.AgentReportHandler;
import io.molt.service.settings.MoltProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * Takes every agent report from the service's queue, checks it (shape, version, direction, and that
 * the host it names is the host that sent it) and hands it on. A report that fails is dropped, logged
 * with the reason and counted in {@code molt_agent_reports_rejected_total{reason}}; the consumer goes on.
 */
@Component
class AgentReportListener {

    private static final Logger log = LoggerFactory.getLogger(AgentReportListener.class);

    private final ProtocolCodec codec = new ProtocolCodec();
    private final Topology topology;
    private final String agentUserPattern;
    private final AgentReportHandler handler;
    private final MeterRegistry meters;

    AgentReportListener(Topology topology, MoltProperties properties, AgentReportHandler handler,
                        MeterRegistry meters) {
        this.topology = topology;
        this.agentUserPattern = properties.amqp().agentUserPattern();
        this.handler = handler;
        this.meters = meters;
    }

    @RabbitListener(queues = "#{@topology.serviceEventsQueue()}")
    void onReport(Message message) {
        MessageProperties props = message.getMessageProperties();
        try {
            Envelope report = checkSender(codec.decode(message.getBody()), props);
            handler.handle(report);
            counter("molt.agent.reports.accepted", "type", report.type().wireName()).increment();
        } catch (ProtocolViolation v) {
            log.warn("rejected agent report (reason={}, routing key={}, user={}, message id={}): {}", v.tag(),
                    props.getReceivedRoutingKey(), props.getReceivedUserId(), props.getMessageId(), v.getMessage());
            counter("molt.agent.reports.rejected", "reason", v.tag()).increment();
        }
    }

    private Envelope checkSender(Envelope report, MessageProperties props) throws ProtocolViolation {
        if (report.type().isCommand()) {
            throw new ProtocolViolation(ProtocolViolation.Reason.WRONG_DIRECTION,
                    report.type().wireName() + " is a command, not a report");
        }
        String sender = topology.hostOfReportRoutingKey(props.getReceivedRoutingKey()).orElse(null);
        if (!report.host().equals(sender)) {
            throw new ProtocolViolation(ProtocolViolation.Reason.FOREIGN_HOST, "report names host '" + report.host()
                    + "' but was published as '" + sender + "'");
        }
        if (!agentUserPattern.isEmpty()) {
            String expected = agentUserPattern.replace("{host}", report.host());
            if (!expected.equals(props.getReceivedUserId())) {
                throw new ProtocolViolation(ProtocolViolation.Reason.FOREIGN_HOST, "report for host '"
                        + report.host() + "' was sent by broker user '" + props.getReceivedUserId() + "', expected '"
                        + expected + "'");
            }
        }
        return report;
    }

    private Counter counter(String name, String tag, String value) {
        return Counter.builder(name).tag(tag, value).register(meters);
    }
}
