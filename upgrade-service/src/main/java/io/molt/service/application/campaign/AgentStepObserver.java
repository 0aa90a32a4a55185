package io.molt.service.application.campaign;

import io.molt.protocol.GuestResult;
import io.molt.protocol.ProgramRun;
import io.molt.service.domain.agent.AgentCommandRecord;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.HostObservation;
import io.molt.service.domain.campaign.StepProgress;
import io.molt.service.domain.port.AgentCommands;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Observes a host: is its agent online, and has the agent answered the command of the step in flight. */
final class AgentStepObserver {

    private final AgentCommands commands;
    private final CloudObserver cloud;

    AgentStepObserver(AgentCommands commands, CloudObserver cloud) {
        this.commands = commands;
        this.cloud = cloud;
    }

    HostObservation observe(CampaignHost host) {
        boolean online = cloud.agentOnline(host.host());
        if (!host.inFlight() || !host.step().byAgent()) {
            return HostObservation.idle(online);
        }
        AgentCommandRecord command = commands.find(host.commandId()).orElse(null);
        if (command == null || !command.isCompleted()) {
            return new HostObservation(online, new StepProgress.Running("waiting for the agent to answer command "
                    + host.commandId()));
        }
        ProgramRun run = command.run();
        String message = command.message() + (run == null ? "" : " (" + (run.timedOut() ? "timed out, " : "")
                + "exit code " + run.exitCode() + ", output: " + run.outputTail() + ")");
        return switch (command.outcome()) {
            case "SUCCEEDED" -> new HostObservation(online, new StepProgress.Succeeded(message, command.details(),
                    downtimes(command.guests())));
            case "REFUSED" -> new HostObservation(online, new StepProgress.Failed("agent refused " + host.step()
                    + ": " + message, false));
            // a hook that failed is the operator's to look at: it pauses the campaign rather than run again
            default -> new HostObservation(online, new StepProgress.Failed("agent failed " + host.step() + ": "
                    + message, !host.step().isHook()));
        };
    }

    /** The downtime the agent measured of each guest it brought back (or left off), by vm uuid. */
    private static Map<String, Long> downtimes(List<GuestResult> guests) {
        return guests.stream().filter(g -> g.downtimeMs() != null)
                .collect(Collectors.toMap(GuestResult::vmUuid, GuestResult::downtimeMs, (a, b) -> b));
    }
}
