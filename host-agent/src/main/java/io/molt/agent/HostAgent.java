package io.molt.agent;

import io.molt.agent.amqp.AmqpLink;
import io.molt.agent.capabilities.CapabilityDetector;
import io.molt.agent.commands.CommandDispatcher;
import io.molt.agent.commands.CommandLedger;
import io.molt.agent.commands.HostGoingDown;
import io.molt.agent.config.AgentConfig;
import io.molt.protocol.Command;
import io.molt.protocol.Envelope;
import io.molt.protocol.ProtocolCodec;
import io.molt.protocol.ProtocolViolation;
import io.molt.protocol.Report;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running agent: announces itself, sends heartbeats, and carries out the commands addressed to its
 * host. Commands run one at a time on a worker thread; a command is acked only after its result was
 * recorded and published, so an agent that dies mid-command gets it again and answers from its ledger
 * or finishes the (idempotent) step. Progress goes out on its own thread ({@link ProgressReports}), so a
 * slow broker does not hold up a step while guests are down.
 */
public final class HostAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HostAgent.class);
    static final int HELLO_EVERY_HEARTBEATS = 12;

    private final AgentConfig config;
    private final CapabilityDetector capabilities;
    private final CommandDispatcher dispatcher;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final Clock clock;
    private final long startedAtMs;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            r -> daemon(r, "molt-heartbeat"));
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> daemon(r, "molt-command"));
    private final AtomicLong beats = new AtomicLong();
    private final ProgressReports progress = new ProgressReports(report -> send(report));
    private AmqpLink link;

    public HostAgent(AgentConfig config, CapabilityDetector capabilities, CommandDispatcher dispatcher, Clock clock) {
        this.config = config;
        this.capabilities = capabilities;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.startedAtMs = clock.millis();
    }

    public static CommandLedger ledgerFor(AgentConfig config) {
        return new CommandLedger(config.stateDir());
    }

    public void start() throws IOException, InterruptedException {
        link = AmqpLink.connect(config.amqpUri(), config.amqpCaFile(), config.host(), config.topology(), codec,
                Duration.ofSeconds(1));
        link.onRecovery(this::announce);
        announce();
        link.consumeCommands((tag, body) -> worker.submit(() -> handle(tag, body)));
        long interval = config.heartbeatInterval().toMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void announce() {
        send(new Report.AgentHello(AgentVersion.VALUE, capabilities.detect(), dispatcher.commands()), null);
    }

    /**
     * Every {@value #HELLO_EVERY_HEARTBEATS}th beat is a hello (which also counts as a heartbeat), so that a
     * service that lost this agent's record, or missed its first hello, learns it again without a restart.
     */
    private void heartbeat() {
        if (beats.incrementAndGet() % HELLO_EVERY_HEARTBEATS == 0) {
            announce();
            return;
        }
        send(new Report.Heartbeat(clock.millis() - startedAtMs), null);
    }

    private void handle(long tag, byte[] body) {
        try {
            Envelope envelope;
            try {
                envelope = accept(codec.decode(body));
            } catch (ProtocolViolation v) {
                if (answerable(v)) {
                    log.warn("refused command {}: its payload is not readable ({}): {}", v.messageId(), v.tag(),
                            v.getMessage());
                    if (send(dispatcher.refuse(v.messageId(), v), null)) {
                        link.ack(tag);
                    }
                    return;
                }
                log.warn("rejected a command message ({}): {}", v.tag(), v.getMessage());
                link.reject(tag);
                return;
            }
            Command command = (Command) envelope.payload();
            Report.CommandResult result = dispatcher.dispatch(envelope.id(), command,
                    (step, percent, message) -> progress.offer(envelope.id(), Envelope.of(config.host(),
                            envelope.campaignId(), new Report.CommandProgress(envelope.id(), step, percent, message),
                            clock.instant())));
            progress.drop(envelope.id());
            log.info("command {} {}: {} {}", envelope.id(), envelope.type().wireName(), result.outcome(),
                    result.duplicate() ? "(recorded result)" : "");
            if (send(result, envelope.campaignId())) {
                link.ack(tag);
            }
        } catch (HostGoingDown down) {
            log.info("command delivery left unacknowledged for the agent after the boot: {}", down.getMessage());
        } catch (IOException | RuntimeException e) {
            log.error("could not finish handling a command delivery; it stays unacknowledged and will come again", e);
        }
    }

    /** A command for this host whose envelope was read but not its payload: answered, refused, not dropped. */
    private boolean answerable(ProtocolViolation violation) {
        return violation.messageId() != null && config.host().equals(violation.host())
                && CommandLedger.isUsableId(violation.messageId());
    }

    /** Only commands, only for this host, with an id the ledger can store. */
    private Envelope accept(Envelope envelope) throws ProtocolViolation {
        if (!envelope.type().isCommand()) {
            throw new ProtocolViolation(ProtocolViolation.Reason.WRONG_DIRECTION,
                    envelope.type().wireName() + " is not a command");
        }
        if (!envelope.host().equals(config.host())) {
            throw new ProtocolViolation(ProtocolViolation.Reason.FOREIGN_HOST,
                    "command for host '" + envelope.host() + "' delivered to the agent of '" + config.host() + "'");
        }
        if (!CommandLedger.isUsableId(envelope.id())) {
            throw new ProtocolViolation(ProtocolViolation.Reason.INVALID_FIELD,
                    "command id '" + envelope.id() + "' is not a usable id");
        }
        return envelope;
    }

    private boolean send(Report report, String campaignId) {
        return send(Envelope.of(config.host(), campaignId, report, clock.instant()));
    }

    private boolean send(Envelope report) {
        try {
            link.publish(report);
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("could not send {} to the service: {}", report.payload().getClass().getSimpleName(),
                    e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        progress.close();
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (link != null) {
            link.close();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
