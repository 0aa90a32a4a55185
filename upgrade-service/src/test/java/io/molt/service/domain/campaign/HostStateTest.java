package io.molt.service.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The transition tables and the host record's checked mutators. */
class HostStateTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void theForwardPathFollowsTheTableToDone() {
        CampaignHost host = CampaignHost.pending("c", "h", 1, 0, NOW);
        for (Step step = Step.leaving(host.state(), false, true); step != null;
                step = Step.leaving(host.state(), false, true)) {
            host = host.begin(step, step.byAgent() ? "id-" + step : null, NOW).complete(NOW);
        }
        assertThat(host.state()).isEqualTo(HostState.DONE);
        assertThat(host.upgraded()).isTrue();
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
