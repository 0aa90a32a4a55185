package io.molt.service.application.campaign;

import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.StepProgress;
import io.molt.service.domain.campaign.VmAction;
import java.util.List;

/** What carrying out an engine or Nova step gave: its progress, and VM rows and events to record with it. */
record StepOutcome(StepProgress progress, List<VmAction> vms, List<CampaignEvent> events) {

    StepOutcome {
        vms = List.copyOf(vms);
        events = List.copyOf(events);
    }

    static StepOutcome succeeded(String detail, List<VmAction> vms, List<CampaignEvent> events) {
        return new StepOutcome(StepProgress.Succeeded.of(detail), vms, events);
    }

    static StepOutcome failed(String error, boolean retryable, List<VmAction> vms, List<CampaignEvent> events) {
        return new StepOutcome(new StepProgress.Failed(error, retryable), vms, events);
    }
}
