package io.molt.service.application.campaign;

import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.Step;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.cloud.CloudException;
import io.molt.service.domain.port.ComputeCloud;
import java.time.Clock;
import java.util.List;

/**
 * Carries out the steps the engine runs itself (ENGINE and NOVA); each checks the world before it acts,
 * so that running it again after a crash is harmless. One small class per step where there is logic.
 */
final class HostSteps {

    private final ComputeCloud cloud;
    private final Precheck precheck;
    private final Evacuation evacuation;
    private final Verification verification;
    private final Clock clock;

    HostSteps(ComputeCloud cloud, CloudObserver observer, EngineSettings settings,
            java.util.function.Consumer<String> keepLease, Clock clock) {
        this.cloud = cloud;
        this.precheck = new Precheck(observer);
        this.evacuation = new Evacuation(cloud, settings.migrationTimeout(), settings.noValidHostWait(), keepLease, clock);
        this.verification = new Verification(cloud, clock);
        this.clock = clock;
    }

    StepOutcome perform(Campaign campaign, CampaignHost host, List<CampaignHost> all, List<VmAction> vms) {
        try {
            return switch (host.step()) {
                case PRECHECK -> precheck.run(campaign, host, all, vms, clock.instant());
                case DISABLE -> {
                    cloud.disableHost(host.host(), campaign.disabledReason());
                    yield StepOutcome.succeeded("nova-compute service disabled: " + campaign.disabledReason(),
                            List.of(), List.of());
                }
                case EVACUATE -> evacuation.run(campaign, host, vms);
                case VERIFY -> verification.run(campaign, host, vms);
                case ENABLE -> {
                    cloud.enableHost(host.host());
                    yield StepOutcome.succeeded("nova-compute service enabled", List.of(), List.of());
                }
                case FINISH -> StepOutcome.succeeded(host.upgraded() ? "host upgraded" : "host left as it was",
                        List.of(), List.of());
                case SKIP -> StepOutcome.succeeded("skipped: campaign aborted", skipped(host, vms), List.of());
                default -> throw new IllegalStateException(host.step() + " is carried out by the agent");
            };
        } catch (CloudException e) {
            return StepOutcome.failed(host.step() + " on " + host.host() + ": " + e.getMessage(), true, List.of(),
                    List.of());
        }
    }

    private static List<VmAction> skipped(CampaignHost host, List<VmAction> vms) {
        return vms.stream().filter(v -> v.sourceHost().equals(host.host()) && v.state() == VmActionState.PENDING)
                .map(v -> v.moved(VmActionState.SKIPPED, null, null, "campaign aborted")).toList();
    }

    static boolean isAgentStep(Step step) {
        return step.byAgent();
    }
}
