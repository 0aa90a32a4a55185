package io.molt.service.domain.campaign;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides the next move for one host from what was observed: a pure function, no side effects.
 * <ol>
 *   <li>A final or failed host holds.</li>
 *   <li>A stable host begins the step that leaves its state (the abort path when the campaign aborts),
 *       unless the step needs the agent, or the host is about to be taken down, and the agent is offline.</li>
 *   <li>A step in flight completes on success; on failure or silence past its timeout it is tried again
 *       while attempts remain, otherwise the host fails; an unchecked engine or Nova step is performed, a retry
 *       of one only once its back-off has passed since the retry was recorded ({@link StepLimits#retryWait}).</li>
 * </ol>
 */
public final class HostDecider {

    private final StepLimits limits;

    public HostDecider(StepLimits limits) {
        this.limits = limits;
    }

    public HostDecision decide(CampaignHost host, HostObservation seen, CampaignMode mode, Instant now) {
        if (host.state().isFinal() || host.state() == HostState.FAILED) {
            return new HostDecision.Hold("host is " + host.state());
        }
        if (!host.inFlight()) {
            return next(host, seen, mode);
        }
        Step step = host.step();
        StepProgress progress = seen.progress();
        if (progress instanceof StepProgress.Succeeded ok) {
            return new HostDecision.Complete(step, step.target(host.upgraded()), ok.detail(), ok.details(),
                    ok.downtimes());
        }
        if (progress instanceof StepProgress.Failed failed) {
            return failed.retryable() ? retryOrFail(host, failed.error()) : new HostDecision.Fail(step, failed.error());
        }
        Duration wait = limits.retryWait(step, host.attempt());
        if (progress instanceof StepProgress.Unchecked && host.stepStartedAt() != null
                && now.isBefore(host.stepStartedAt().plus(wait))) {
            return new HostDecision.Wait("attempt " + host.attempt() + " of " + step + " on " + host.host()
                    + " waits until " + host.stepStartedAt().plus(wait) + " (back-off " + wait.toMillis() + " ms)");
        }
        if (progress instanceof StepProgress.Running running) {
            Duration timeout = limits.timeoutOf(step);
            if (host.stepStartedAt() != null && Duration.between(host.stepStartedAt(), now).compareTo(timeout) > 0) {
                String why = "no answer from the agent of " + host.host() + " to " + step + " within " + timeout
                        + (seen.agentOnline() ? "" : " (the agent is offline)");
                return retryOrFail(host, why);
            }
            return new HostDecision.Wait(running.detail());
        }
        return new HostDecision.Perform(step);
    }

    private HostDecision next(CampaignHost host, HostObservation seen, CampaignMode mode) {
        Step step = Step.leaving(host.state(), mode);
        if (step == null) {
            return new HostDecision.Hold("no step leaves " + host.state());
        }
        boolean needsAgent = step.byAgent() || step == Step.PRECHECK || step == Step.DISABLE;
        if (needsAgent && !seen.agentOnline()) {
            return new HostDecision.Hold("the agent of " + host.host() + " is offline: " + step + " does not start");
        }
        return new HostDecision.Begin(step);
    }

    private HostDecision retryOrFail(CampaignHost host, String error) {
        if (host.attempt() < limits.maxAttempts()) {
            return new HostDecision.Retry(host.step(), host.attempt() + 1, error,
                    limits.retryWait(host.step(), host.attempt() + 1));
        }
        return new HostDecision.Fail(host.step(), error + " (attempt " + host.attempt() + " of "
                + limits.maxAttempts() + ")");
    }
}
