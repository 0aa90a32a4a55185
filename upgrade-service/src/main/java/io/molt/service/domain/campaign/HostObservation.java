package io.molt.service.domain.campaign;

/**
 * What the engine saw of one host before deciding: whether its agent is online, and how the step in
 * flight (if any) is going.
 */
public record HostObservation(boolean agentOnline, StepProgress progress) {

    public static HostObservation idle(boolean agentOnline) {
        return new HostObservation(agentOnline, new StepProgress.Unchecked());
    }
}
