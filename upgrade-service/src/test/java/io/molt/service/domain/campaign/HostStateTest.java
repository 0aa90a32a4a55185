package io.molt.service.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The transition tables and the host record's checked mutators. */
class HostStateTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void theForwardPathFollowsTheTableToDoneWithTheHooksAroundTheTakeDown() {
        assertThat(path(CampaignHost.pending("c", "h", 1, 0, NOW), CampaignMode.FORWARD)).containsExactly(
                Step.PRECHECK, Step.HOOK_BEFORE_DOWN, Step.DISABLE, Step.EVACUATE, Step.UPGRADE, Step.PRESERVE,
                Step.RESTORE, Step.VERIFY, Step.ENABLE, Step.HOOK_AFTER_UP, Step.FINISH);
    }

    @Test
    void withHooksOffTheHostGoesFromPrecheckedToDisabledAndFromEnabledToDone() {
        assertThat(path(CampaignHost.pending("c", "h", 1, 0, NOW), new CampaignMode(false, true, false)))
                .containsExactly(Step.PRECHECK, Step.DISABLE, Step.EVACUATE, Step.UPGRADE, Step.PRESERVE, Step.RESTORE,
                        Step.VERIFY, Step.ENABLE, Step.FINISH);
    }

    @Test
    void anAbortAfterTheBeforeDownHookRunsTheAfterUpHookAndSkipsTheHost() {
        CampaignHost prepared = CampaignHost.pending("c", "h", 1, 0, NOW).begin(Step.PRECHECK, null, NOW).complete(NOW)
                .begin(Step.HOOK_BEFORE_DOWN, "id-1", NOW).complete(NOW);

        assertThat(prepared.state()).isEqualTo(HostState.PREPARED);
        assertThat(path(prepared, new CampaignMode(true, true))).containsExactly(Step.HOOK_AFTER_UP, Step.FINISH);
        assertThat(path(prepared, new CampaignMode(true, false))).containsExactly(Step.HOOK_AFTER_UP, Step.FINISH);
        assertThat(HostState.PREPARED.isTakenDown()).isFalse();
        assertThat(HostState.RETURNED.isTakenDown()).isFalse();
    }

    @Test
    void anAbortOfADisabledHostReEnablesItThenRunsTheAfterUpHook() {
        CampaignHost disabled = CampaignHost.pending("c", "h", 1, 0, NOW).begin(Step.PRECHECK, null, NOW).complete(NOW)
                .begin(Step.HOOK_BEFORE_DOWN, "id-1", NOW).complete(NOW).begin(Step.DISABLE, null, NOW).complete(NOW);

        assertThat(path(disabled, new CampaignMode(true, true))).containsExactly(Step.ENABLE, Step.HOOK_AFTER_UP,
                Step.FINISH);
        assertThat(path(disabled, new CampaignMode(true, false))).as("left disabled: not back, no after-up hook")
                .containsExactly(Step.SKIP);
    }

    /** The steps a host takes from where it is until no step leaves its state, each completing. */
    private static java.util.List<Step> path(CampaignHost start, CampaignMode mode) {
        java.util.List<Step> steps = new java.util.ArrayList<>();
        CampaignHost host = start;
        for (Step step = Step.leaving(host.state(), mode); step != null; step = Step.leaving(host.state(), mode)) {
            steps.add(step);
            host = host.begin(step, step.byAgent() ? "id-" + step : null, NOW).complete(NOW);
        }
        assertThat(host.state().isFinal()).as("ends final: " + host.state()).isTrue();
        return steps;
    }

    @Test
    void aFailedHostResumesInTheStateItFailedIn() {
        CampaignHost host = CampaignHost.pending("c", "h", 1, 0, NOW).begin(Step.PRECHECK, null, NOW).complete(NOW)
                .begin(Step.DISABLE, null, NOW).complete(NOW).begin(Step.EVACUATE, null, NOW);
        CampaignHost failed = host.fail("migration ERROR", NOW);
        assertThat(failed.state()).isEqualTo(HostState.FAILED);
        assertThat(failed.lastError()).isEqualTo("migration ERROR");
        CampaignHost resumed = failed.resume(NOW);
        assertThat(resumed.state()).isEqualTo(HostState.DISABLED);
        assertThat(resumed.step()).isNull();
        assertThat(resumed.attempt()).isZero();
    }

    @Test
    void illegalMovesAreRefusedWithTheAllowedOnesNamed() {
        assertThatThrownBy(() -> HostState.PENDING.requireMoveTo(HostState.UPGRADED))
                .isInstanceOf(IllegalTransition.class).hasMessageContaining("PRECHECKED");
        assertThatThrownBy(() -> CampaignState.DONE.requireMoveTo(CampaignState.RUNNING))
                .isInstanceOf(IllegalTransition.class);
        assertThat(CampaignState.PAUSED.canMoveTo(CampaignState.RUNNING)).isTrue();
        assertThat(CampaignState.PLANNED.canMoveTo(CampaignState.RUNNING)).isFalse();
        assertThat(HostState.DONE.isFinal()).isTrue();
    }

    @Test
    void aRetryCountsTheAttemptAndKeepsTheError() {
        CampaignHost host = CampaignHost.pending("c", "h", 1, 0, NOW).begin(Step.PRECHECK, null, NOW);
        CampaignHost again = host.retry(null, "agent offline", NOW);
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(again.lastError()).isEqualTo("agent offline");
        assertThat(again.complete(NOW).lastError()).isNull();
    }
}
