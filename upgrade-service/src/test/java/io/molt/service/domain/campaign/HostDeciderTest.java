package io.molt.service.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link HostDecider} as a table: host, observation and mode in, decision out. */
class HostDeciderTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final StepLimits LIMITS = new StepLimits(3, Duration.ofMinutes(5), Duration.ofMinutes(30));
    private static final CampaignMode ABORT = new CampaignMode(true, true);
    private static final CampaignMode ABORT_LEAVE = new CampaignMode(true, false);

    private static CampaignHost stable(HostState state) {
        return new CampaignHost("c", "h", 1, 0, state, null, 0, null, null, null, null, false, NOW, 0);
    }

    private static CampaignHost inFlight(HostState state, Step step, int attempt, Duration ago) {
        return new CampaignHost("c", "h", 1, 0, state, step, attempt, step.byAgent() ? "cmd" : null, NOW.minus(ago),
                null, null, false, NOW, 0);
    }

    private static HostObservation online(StepProgress p) {
        return new HostObservation(true, p);
    }

    static Stream<Arguments> table() {
        StepProgress running = new StepProgress.Running("waiting");
        StepProgress ok = StepProgress.Succeeded.of("ok");
        StepProgress unchecked = new StepProgress.Unchecked();
        return Stream.of(
                Arguments.of("pending host begins its precheck", stable(HostState.PENDING), online(unchecked),
                        CampaignMode.FORWARD, new HostDecision.Begin(Step.PRECHECK)),
                Arguments.of("never start a host whose agent is offline", stable(HostState.PENDING),
                        HostObservation.idle(false), CampaignMode.FORWARD, HostDecision.Hold.class),
                Arguments.of("no agent step starts while the agent is offline", stable(HostState.EVACUATED),
                        HostObservation.idle(false), CampaignMode.FORWARD, HostDecision.Hold.class),
                Arguments.of("re-enabling needs no agent", stable(HostState.VERIFIED), HostObservation.idle(false),
                        CampaignMode.FORWARD, new HostDecision.Begin(Step.ENABLE)),
                Arguments.of("evacuated host upgrades next, its guests still running", stable(HostState.EVACUATED),
                        online(unchecked), CampaignMode.FORWARD, new HostDecision.Begin(Step.UPGRADE)),
                Arguments.of("upgraded host preserves next", stable(HostState.UPGRADED), online(unchecked),
                        CampaignMode.FORWARD, new HostDecision.Begin(Step.PRESERVE)),
                Arguments.of("engine step in flight is performed (again after a restart)",
                        inFlight(HostState.PRECHECKED, Step.DISABLE, 1, Duration.ZERO), online(unchecked),
                        CampaignMode.FORWARD, new HostDecision.Perform(Step.DISABLE)),
                Arguments.of("agent step answered: complete", inFlight(HostState.EVACUATED, Step.UPGRADE, 1,
                        Duration.ofSeconds(5)), online(ok), CampaignMode.FORWARD,
                        new HostDecision.Complete(Step.UPGRADE, HostState.UPGRADED, "ok", Map.of())),
                Arguments.of("agent step under way: wait", inFlight(HostState.UPGRADED, Step.PRESERVE, 1,
                        Duration.ofSeconds(5)), online(running), CampaignMode.FORWARD, HostDecision.Wait.class),
                Arguments.of("silent agent past the timeout: retry", inFlight(HostState.UPGRADED, Step.PRESERVE, 1,
                        Duration.ofMinutes(6)), new HostObservation(false, running), CampaignMode.FORWARD,
                        HostDecision.Retry.class),
                Arguments.of("silent agent at the attempt cap: fail", inFlight(HostState.UPGRADED, Step.PRESERVE, 3,
                        Duration.ofMinutes(6)), new HostObservation(false, running), CampaignMode.FORWARD,
                        HostDecision.Fail.class),
                Arguments.of("the upgrade has its own, longer timeout", inFlight(HostState.EVACUATED, Step.UPGRADE, 1,
                        Duration.ofMinutes(6)), online(running), CampaignMode.FORWARD, HostDecision.Wait.class),
                Arguments.of("so has the restore, which may boot the host", inFlight(HostState.PRESERVED,
                        Step.RESTORE, 1, Duration.ofMinutes(6)), new HostObservation(false, running),
                        CampaignMode.FORWARD, HostDecision.Wait.class),
                Arguments.of("a hook waits for the longer timeout too: the agent kills it first", inFlight(
                        HostState.PRECHECKED, Step.HOOK_BEFORE_DOWN, 1, Duration.ofMinutes(6)), online(running),
                        CampaignMode.FORWARD, HostDecision.Wait.class),
                Arguments.of("a failed hook fails the host at once", inFlight(HostState.ENABLED, Step.HOOK_AFTER_UP, 1,
                        Duration.ZERO), online(new StepProgress.Failed("exit 1", false)), CampaignMode.FORWARD,
                        new HostDecision.Fail(Step.HOOK_AFTER_UP, "exit 1")),
                Arguments.of("prechecked host runs its before-down hook before the disable",
                        stable(HostState.PRECHECKED), online(unchecked), CampaignMode.FORWARD,
                        new HostDecision.Begin(Step.HOOK_BEFORE_DOWN)),
                Arguments.of("the before-down hook needs the agent", stable(HostState.PRECHECKED),
                        HostObservation.idle(false), CampaignMode.FORWARD, HostDecision.Hold.class),
                Arguments.of("hooks off: prechecked host is disabled next", stable(HostState.PRECHECKED),
                        online(unchecked), new CampaignMode(false, true, false), new HostDecision.Begin(Step.DISABLE)),
                Arguments.of("abort: a prepared host runs its after-up hook", stable(HostState.PREPARED),
                        online(unchecked), ABORT_LEAVE, new HostDecision.Begin(Step.HOOK_AFTER_UP)),
                Arguments.of("retryable failure below the cap: retry", inFlight(HostState.DISABLED, Step.EVACUATE, 2,
                        Duration.ZERO), online(new StepProgress.Failed("migration ERROR", true)),
                        CampaignMode.FORWARD, new HostDecision.Retry(Step.EVACUATE, 3, "migration ERROR")),
                Arguments.of("retryable failure at the cap: fail", inFlight(HostState.DISABLED, Step.EVACUATE, 3,
                        Duration.ZERO), online(new StepProgress.Failed("migration ERROR", true)),
                        CampaignMode.FORWARD, HostDecision.Fail.class),
                Arguments.of("a refusal fails at once", inFlight(HostState.UPGRADED, Step.PRESERVE, 1, Duration.ZERO),
                        online(new StepProgress.Failed("refused", false)), CampaignMode.FORWARD,
                        new HostDecision.Fail(Step.PRESERVE, "refused")),
                Arguments.of("done host holds", stable(HostState.DONE), online(unchecked), CampaignMode.FORWARD,
                        HostDecision.Hold.class),
                Arguments.of("failed host holds until resumed", stable(HostState.FAILED), online(unchecked),
                        CampaignMode.FORWARD, HostDecision.Hold.class),
                Arguments.of("abort: pending host is skipped", stable(HostState.PENDING), HostObservation.idle(false),
                        ABORT, new HostDecision.Begin(Step.SKIP)),
                Arguments.of("abort: disabled host is re-enabled", stable(HostState.EVACUATED), online(unchecked),
                        ABORT, new HostDecision.Begin(Step.ENABLE)),
                Arguments.of("abort without re-enabling: left disabled", stable(HostState.EVACUATED),
                        online(unchecked), ABORT_LEAVE, new HostDecision.Begin(Step.SKIP)),
                Arguments.of("abort: upgraded host whose guests still run is re-enabled", stable(HostState.UPGRADED),
                        online(unchecked), ABORT, new HostDecision.Begin(Step.ENABLE)),
                Arguments.of("abort: preserved guests are always restored", stable(HostState.PRESERVED),
                        online(unchecked), ABORT_LEAVE, new HostDecision.Begin(Step.RESTORE)),
                Arguments.of("abort: finished host that never upgraded ends skipped", inFlight(HostState.ENABLED,
                        Step.FINISH, 1, Duration.ZERO), online(ok), ABORT,
                        new HostDecision.Complete(Step.FINISH, HostState.SKIPPED, "ok", Map.of())));
    }

    /** The limits of the back-off tests: 5 s before the second attempt, doubled, at most 12 s. */
    private static final StepLimits BACKING_OFF = new StepLimits(5, Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofSeconds(5), Duration.ofSeconds(12));

    @Test
    void aFailedEngineOrNovaStepIsRetriedAfterAWaitThatDoublesUpToItsBound() {
        HostDecider decider = new HostDecider(BACKING_OFF);
        StepProgress down = new StepProgress.Failed("nova-compute of h is down", true);
        assertThat(decider.decide(inFlight(HostState.PENDING, Step.PRECHECK, 1, Duration.ZERO), online(down),
                CampaignMode.FORWARD, NOW)).isEqualTo(new HostDecision.Retry(Step.PRECHECK, 2,
                        "nova-compute of h is down", Duration.ofSeconds(5)));
        assertThat(decider.decide(inFlight(HostState.PENDING, Step.PRECHECK, 2, Duration.ZERO), online(down),
                CampaignMode.FORWARD, NOW)).extracting(d -> ((HostDecision.Retry) d).backoff())
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(List.of(2, 3, 4, 5)).extracting(n -> BACKING_OFF.retryWait(Step.EVACUATE, n)).containsExactly(
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(12), Duration.ofSeconds(12));
        assertThat(LIMITS.retryWait(Step.EVACUATE, 3)).as("no back-off configured").isZero();
    }

    @Test
    void aRetriedStepIsPerformedOnlyOnceItsWaitHasPassedSinceTheRetryWasRecorded() {
        HostDecider decider = new HostDecider(BACKING_OFF);
        HostObservation unchecked = online(new StepProgress.Unchecked());
        assertThat(decider.decide(inFlight(HostState.PENDING, Step.PRECHECK, 2, Duration.ofSeconds(4)), unchecked,
                CampaignMode.FORWARD, NOW)).isEqualTo(new HostDecision.Wait("attempt 2 of PRECHECK on h waits until "
                        + NOW.plusSeconds(1) + " (back-off 5000 ms)"));
        assertThat(decider.decide(inFlight(HostState.PENDING, Step.PRECHECK, 2, Duration.ofSeconds(5)), unchecked,
                CampaignMode.FORWARD, NOW)).isEqualTo(new HostDecision.Perform(Step.PRECHECK));
        assertThat(decider.decide(inFlight(HostState.DISABLED, Step.EVACUATE, 3, Duration.ofSeconds(9)), unchecked,
                CampaignMode.FORWARD, NOW)).isInstanceOf(HostDecision.Wait.class);
        assertThat(decider.decide(inFlight(HostState.PRECHECKED, Step.DISABLE, 1, Duration.ZERO), unchecked,
                CampaignMode.FORWARD, NOW)).as("a first attempt does not wait").isEqualTo(
                        new HostDecision.Perform(Step.DISABLE));
    }

    @Test
    void anAgentStepIsRetriedAtOnce() {
        HostDecision retry = new HostDecider(BACKING_OFF).decide(inFlight(HostState.UPGRADED, Step.PRESERVE, 1,
                Duration.ofMinutes(6)), new HostObservation(false, new StepProgress.Running("waiting")),
                CampaignMode.FORWARD, NOW);
        assertThat(retry).isInstanceOf(HostDecision.Retry.class).extracting(d -> ((HostDecision.Retry) d).backoff())
                .isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(String why, CampaignHost host, HostObservation seen, CampaignMode mode, Object expected) {
        HostDecision decision = new HostDecider(LIMITS).decide(host, seen, mode, NOW);
        if (expected instanceof Class<?> type) {
            assertThat(decision).isInstanceOf(type);
        } else {
            assertThat(decision).isEqualTo(expected);
        }
    }
}
