package io.molt.service.application;

import io.molt.protocol.Envelope;
import io.molt.protocol.ProtocolViolation;
import io.molt.protocol.Report;
import io.molt.service.domain.agent.AgentCommandRecord;
import io.molt.service.domain.agent.AgentRecord;
import io.molt.service.domain.port.AgentCommands;
import io.molt.service.domain.port.Agents;
import io.molt.service.domain.port.KernelBoots;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a validated agent report to the registry: hellos register or refresh an agent, heartbeats
 * keep it online, results complete the command they answer. A report that cannot belong to what the
 * service knows (a heartbeat before any hello, a result for an unknown command or from another host)
 * is refused with a {@link ProtocolViolation}. A result is kept with its typed fields: as a v2 agent sends them,
 * or read from a v1 agent's details keys ({@link Report.CommandResult#typed()}). A result that says what a kernel
 * upgrade's boot took ({@link io.molt.protocol.KernelBoot}) and succeeded is also kept as the host's measured
 * figures, which the planner uses ({@link KernelBoots}); a failed one is not, as its retry reports the same boot.
 */
@Service
public class AgentReportHandler {

    private static final Logger log = LoggerFactory.getLogger(AgentReportHandler.class);

    private final Agents agents;
    private final AgentCommands commands;
    private final KernelBoots kernelBoots;
    private final Clock clock;

    public AgentReportHandler(Agents agents, AgentCommands commands, KernelBoots kernelBoots, Clock clock) {
        this.agents = agents;
        this.commands = commands;
        this.kernelBoots = kernelBoots;
        this.clock = clock;
    }

    @Transactional
    public void handle(Envelope report) throws ProtocolViolation {
        Object payload = report.payload();
        if (payload instanceof Report.AgentHello hello) {
            hello(report, hello);
        } else if (payload instanceof Report.Heartbeat) {
            heartbeat(report);
        } else if (payload instanceof Report.CommandResult result) {
            result(report, result);
        } else if (payload instanceof Report.CommandProgress progress) {
            log.info("agent {} command {}: {} {}% {}", report.host(), progress.commandId(), progress.step(),
                    progress.percent(), progress.message());
        } else {
            throw new ProtocolViolation(ProtocolViolation.Reason.WRONG_DIRECTION,
                    report.type().wireName() + " is not a report");
        }
    }

    private void hello(Envelope report, Report.AgentHello hello) {
        AgentRecord previous = agents.find(report.host()).orElse(null);
        if (previous == null) {
            log.info("agent {} registered: version {}, protocol {}", report.host(), hello.agentVersion(),
                    report.protocolVersion());
        }
        agents.save(AgentRecord.hello(previous, report.host(), hello.agentVersion(), report.protocolVersion(),
                hello.capabilities(), hello.commands(), clock.instant()));
    }

    private void heartbeat(Envelope report) throws ProtocolViolation {
        if (!agents.heartbeat(report.host(), clock.instant())) {
            throw new ProtocolViolation(ProtocolViolation.Reason.INVALID_FIELD,
                    "heartbeat from agent '" + report.host() + "' that has not said hello");
        }
    }

    private void result(Envelope report, Report.CommandResult result) throws ProtocolViolation {
        AgentCommandRecord command = commands.find(result.commandId()).orElseThrow(() -> new ProtocolViolation(
                ProtocolViolation.Reason.INVALID_FIELD, "result for unknown command " + result.commandId()));
        if (!command.host().equals(report.host())) {
            throw new ProtocolViolation(ProtocolViolation.Reason.FOREIGN_HOST, "result for command "
                    + command.id() + " of host '" + command.host() + "' came from '" + report.host() + "'");
        }
        if (command.isCompleted()) {
            log.debug("command {} already completed; repeated result ignored", command.id());
            return;
        }
        Report.CommandResult typed;
        try {
            typed = result.typed(); // a v1 agent's results are read from its details keys
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolation(ProtocolViolation.Reason.INVALID_FIELD, "result for command " + command.id()
                    + " has malformed details: " + e.getMessage());
        }
        commands.save(command.completed(typed.outcome().name(), typed.message(), typed.details(), typed.guests(),
                typed.run(), clock.instant()));
        // a restore that failed is answered again, with the same boot's figures, by the retry that succeeds
        if (typed.boot() != null && typed.outcome() == Report.Outcome.SUCCEEDED) {
            kernelBoots.record(report.host(), command.id(), typed.boot(), clock.instant());
            log.info("host {} kernel upgrade measured: {} ms from the kexec to the agent, longest guest restore {} ms "
                    + "({})", report.host(), typed.boot().toAgentMs(), typed.boot().restoreMs(), typed.boot().kernel());
        }
    }
}
