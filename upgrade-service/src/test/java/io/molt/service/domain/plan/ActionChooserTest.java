package io.molt.service.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.HostCapabilities;
import io.molt.service.domain.cloud.Resources;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmPolicy;
import io.molt.service.domain.cloud.VmState;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which actions a VM may get, by policy, host capability, device and target, best first. */
class ActionChooserTest {

    @ParameterizedTest(name = "{0} VM, {1} host, special devices {2}, {3}: {4}")
    @CsvSource({
        "ANY,       PRESERVING, false, KERNEL,      LIVE_MIGRATE PRESERVE SUSPEND_TO_DISK COLD_RESTART",
        "ANY,       PRESERVING, false, USERSPACE,   PRESERVE LIVE_MIGRATE SUSPEND_TO_DISK COLD_RESTART",
        "ANY,       PLAIN,      false, KERNEL,      LIVE_MIGRATE SUSPEND_TO_DISK COLD_RESTART",
        "ANY,       PRESERVING, false, FULL_REBOOT, LIVE_MIGRATE SUSPEND_TO_DISK COLD_RESTART",
        "ANY,       NONE,       true,  KERNEL,      COLD_RESTART",
        "PRESERVE,  PRESERVING, false, KERNEL,      PRESERVE SUSPEND_TO_DISK COLD_RESTART",
        "PRESERVE,  PLAIN,      false, KERNEL,      SUSPEND_TO_DISK COLD_RESTART",
        "MIGRATE,   PRESERVING, false, KERNEL,      LIVE_MIGRATE",
        "MIGRATE,   PRESERVING, true,  KERNEL,      ''",
        "TERMINATE, PLAIN,      false, KERNEL,      TERMINATE LIVE_MIGRATE SUSPEND_TO_DISK COLD_RESTART"})
    void ranksTheAllowedActions(VmPolicy policy, String hostKind, boolean special, UpgradeTarget target,
            String expected) {
        HostCapabilities caps = switch (hostKind) {
            case "PRESERVING" -> TestCloud.PRESERVING;
            case "PLAIN" -> TestCloud.PLAIN;
            default -> HostCapabilities.NONE;
        };
        Host host = new Host("h", "az", java.util.Set.of(), new Resources(32, 65536, 100), Resources.ZERO, true, true,
                "1", caps);
        Vm vm = new Vm("v", "v", "p", "h", new Resources(2, 4096, 0), VmState.ACTIVE, true, special, policy, null, null,
                16.0);
        ActionChooser chooser = new ActionChooser(new CostModel(CostParameters.DEFAULTS),
                CampaignOptions.builder().strategy(Strategy.LEAST_DOWNTIME).build(), target);
        List<Action> ranked = chooser.choices(vm, host).ranked().stream().map(ActionCost::action).toList();
        assertThat(ranked).containsExactlyElementsOf(expected.isBlank() ? List.of()
                : java.util.Arrays.stream(expected.trim().split(" ")).map(Action::valueOf).toList());
        ranked.forEach(action -> assertThat(PolicyRules.allows(policy, action)).isTrue());
    }

    @ParameterizedTest(name = "max downtime {0} ms on {1}: {2}")
    @CsvSource({
        "60000,  FULL_REBOOT, LIVE_MIGRATE",
        "400000, FULL_REBOOT, LIVE_MIGRATE SUSPEND_TO_DISK COLD_RESTART",
        "100,    KERNEL,      ''"})
    void aDowntimeLimitRulesOutSlowActions(long maxMs, UpgradeTarget target, String expected) {
        Host host = new Host("h", "az", java.util.Set.of(), new Resources(32, 65536, 100), Resources.ZERO, true, true,
                "1", TestCloud.PLAIN);
        Vm vm = new Vm("v", "v", "p", "h", new Resources(2, 4096, 0), VmState.ACTIVE, true, false, VmPolicy.ANY, maxMs,
                null, 16.0);
        VmChoices choices = new ActionChooser(new CostModel(CostParameters.DEFAULTS), CampaignOptions.defaults(), target)
                .choices(vm, host);
        assertThat(choices.ranked().stream().map(c -> c.action().name()).toList())
                .containsExactlyElementsOf(expected.isBlank() ? List.of() : List.of(expected.trim().split(" ")));
        if (expected.isBlank()) {
            assertThat(choices.excluded()).anyMatch(note -> note.contains("exceeds the limit of 100 ms"));
        }
    }
}
