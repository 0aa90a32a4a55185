package io.molt.service.domain.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.UpgradeTarget;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The campaign transition table and the whole-campaign decisions: an abort is never undone. */
class CampaignDeciderTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final CampaignDecider decider = new CampaignDecider();

    @Test
    void abortingEndsOnlyInAborted() {
        assertThat(CampaignState.values()).filteredOn(CampaignState.ABORTING::canMoveTo)
                .containsExactly(CampaignState.ABORTED);
        assertThatThrownBy(() -> campaign(CampaignState.ABORTING).moveTo(CampaignState.PAUSED, "pause", NOW))
                .isInstanceOf(IllegalTransition.class);
        assertThatThrownBy(() -> campaign(CampaignState.ABORTING).moveTo(CampaignState.RUNNING, "resume", NOW))
                .isInstanceOf(IllegalTransition.class);
    }

    @Test
    void theTransitionTableInDocsCampaignsMdIsTheOneInTheCode() throws Exception {
        List<String> rows = java.nio.file.Files.readAllLines(java.nio.file.Path.of("..", "docs", "campaigns.md"))
                .stream().filter(l -> l.matches("\\| [A-Z, ]+ \\| .* \\|")).toList();
        java.util.Map<CampaignState, java.util.Set<CampaignState>> documented = new java.util.EnumMap<>(
                CampaignState.class);
        for (String row : rows) {
            String[] cells = row.split("\\|");
            java.util.Set<CampaignState> to = java.util.EnumSet.noneOf(CampaignState.class);
            java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\b[A-Z]{4,}\\b").matcher(cells[2]);
            while (names.find()) {
                to.add(CampaignState.valueOf(names.group()));
            }
            for (String from : cells[1].trim().split(",\\s*")) {
                documented.put(CampaignState.valueOf(from), to);
            }
        }
        assertThat(documented.keySet()).containsExactlyInAnyOrder(CampaignState.values());
        documented.forEach((from, to) -> assertThat(to).as("docs/campaigns.md: moves from " + from)
                .containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(CampaignState.values())
                        .filter(from::canMoveTo).toList()));
    }

    @Test
    void aFailedHostPausesARunningCampaign() {
        CampaignDecision decision = decider.decide(campaign(CampaignState.RUNNING),
                List.of(failed("a"), CampaignHost.pending("c", "b", 0, 1, NOW)));

        assertThat(decision).isInstanceOf(CampaignDecision.Pause.class);
        assertThat(((CampaignDecision.Pause) decision).reason()).contains("host a failed");
    }

    @Test
    void anAbortingCampaignWorksOnItsOtherHostsThenHoldsOnTheFailedOnesWithoutPausing() {
        CampaignHost pending = CampaignHost.pending("c", "b", 0, 1, NOW);

        CampaignDecision working = decider.decide(campaign(CampaignState.ABORTING), List.of(failed("a"), pending));
        CampaignDecision holding = decider.decide(campaign(CampaignState.ABORTING), List.of(failed("a")));

        assertThat(working).isEqualTo(new CampaignDecision.Work(List.of(pending)));
        assertThat(holding).isInstanceOf(CampaignDecision.Hold.class);
        assertThat(((CampaignDecision.Hold) holding).reason()).contains("host a").contains("abort again");
    }

    @Test
    void aPausedCampaignBringsBackTheHostsWhoseGuestsAreDownAndStartsNothingElse() {
        CampaignHost held = at("held", HostState.PRESERVED, null, null);
        CampaignHost preserving = at("preserving", HostState.UPGRADED, Step.PRESERVE, "cmd-1");
        CampaignHost restored = at("restored", HostState.RESTORED, null, null);
        CampaignHost hookAfterUp = at("back", HostState.ENABLED, Step.HOOK_AFTER_UP, "cmd-2");
        CampaignHost prepared = at("prepared", HostState.PREPARED, null, null);
        CampaignHost upgradedGuestsUp = at("upgraded", HostState.UPGRADED, null, null);
        CampaignHost evacuated = at("evacuated", HostState.EVACUATED, null, null);
        CampaignHost pending = CampaignHost.pending("c", "pending", 0, 5, NOW);

        CampaignDecision working = decider.decide(campaign(CampaignState.PAUSED),
                List.of(held, preserving, restored, hookAfterUp, upgradedGuestsUp, evacuated, prepared, pending,
                        failed("failed")));
        CampaignDecision idle = decider.decide(campaign(CampaignState.PAUSED),
                List.of(upgradedGuestsUp, evacuated, prepared, pending, failed("failed")));

        assertThat(working).isEqualTo(new CampaignDecision.Work(List.of(held, preserving, restored, hookAfterUp)));
        assertThat(idle).isInstanceOf(CampaignDecision.Idle.class);
    }

    private static CampaignHost at(String host, HostState state, Step step, String commandId) {
        return new CampaignHost("c", host, 0, 0, state, step, step == null ? 0 : 1, commandId,
                step == null ? null : NOW, null, null, false, NOW, 0);
    }

    private static CampaignHost failed(String host) {
        return CampaignHost.pending("c", host, 0, 0, NOW).begin(Step.PRECHECK, null, NOW).fail("no answer", NOW);
    }

    private static Campaign campaign(CampaignState state) {
        return new Campaign("c", "c", state, null, UpgradeTarget.USERSPACE, null, CampaignOptions.defaults(),
                new UpgradeSpec(List.of("/bin/true"), 60, null), "test", NOW, NOW, true, 0);
    }
}
