package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.HostNotice;
import io.molt.service.domain.campaign.Notification;
import io.molt.service.domain.campaign.Step;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.UpgradeTarget;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which notifications a campaign's moves make, and that a VM's are the same message however often made. */
class TenantNotificationsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T06:00:00Z");
    private final Campaign campaign = new Campaign("c", "qemu", CampaignState.RUNNING, null, UpgradeTarget.USERSPACE,
            null, CampaignOptions.defaults(), new UpgradeSpec(List.of("/bin/true"), 60, null), "test", NOW, NOW,
            true, 0);
    private final VmAction leaves = vm("vm-1", Action.LIVE_MIGRATE, VmActionState.PENDING);
    private final VmAction stays = vm("vm-2", Action.PRESERVE, VmActionState.PENDING);

    @Test
    void aBeginningStepStartsOnlyTheVmsItTouchesEachWithItsNoticeFirst() {
        List<Notification> evacuate = TenantNotifications.started(campaign, Step.EVACUATE, List.of(leaves, stays), NOW);
        assertThat(evacuate).extracting(Notification::eventType)
                .containsExactly(TenantNotifications.SCHEDULED, TenantNotifications.START);
        assertThat(evacuate).allMatch(n -> n.payload().get("instance_uuid").equals("vm-1"));

        List<Notification> preserve = TenantNotifications.started(campaign, Step.PRESERVE, List.of(leaves, stays), NOW);
        assertThat(preserve).allMatch(n -> n.payload().get("instance_uuid").equals("vm-2"));
        assertThat(TenantNotifications.started(campaign, Step.DISABLE, List.of(leaves, stays), NOW)).isEmpty();
    }

    @Test
    void aVmsNotificationHasTheSameMessageIdEveryTimeItIsMadeAndAnotherForAnotherHost() {
        HostNotice notice = new HostNotice("c", "a", NOW, NOW.plusSeconds(600));
        String first = TenantNotifications.scheduled(campaign, notice, List.of(leaves)).get(0).messageId();
        String again = TenantNotifications.scheduled(campaign, new HostNotice("c", "a", NOW.plusSeconds(5),
                NOW.plusSeconds(605)), List.of(leaves)).get(0).messageId();
        assertThat(again).isEqualTo(first);
        VmAction elsewhere = new VmAction("c", "vm-1", "vm-1", "b", Action.LIVE_MIGRATE, null, "test", VmState.ACTIVE,
                VmActionState.PENDING, null, 1, null, null, 0);
        assertThat(TenantNotifications.scheduled(campaign, notice, List.of(elsewhere)).get(0).messageId())
                .isNotEqualTo(first);
        assertThat(TenantNotifications.scheduled(campaign, notice, List.of(leaves)).get(0).payload())
                .containsEntry("window_start", "2026-12-03T06:10:00Z").containsEntry("project_id", "project-7");
    }

    @Test
    void anEndedActionEndsWithItsDowntimeAFailedOneIsAnErrorASkippedOneIsCancelled() {
        List<Notification> ended = TenantNotifications.ended(campaign, List.of(
                stays.moved(VmActionState.DONE, null, 840L, null),
                leaves.moved(VmActionState.FAILED, null, null, "migration ERROR"),
                vm("vm-3", Action.PRESERVE, VmActionState.SKIPPED), vm("vm-4", Action.PRESERVE, VmActionState.PENDING)),
                NOW);
        assertThat(ended).extracting(Notification::eventType).containsExactly(TenantNotifications.END,
                TenantNotifications.END, TenantNotifications.CANCELLED);
        assertThat(ended.get(0).payload()).containsEntry("actual_downtime_ms", 840L);
        assertThat(ended).extracting(Notification::priority).containsExactly(Notification.Priority.INFO,
                Notification.Priority.ERROR, Notification.Priority.INFO);
    }

    @Test
    void stateChangesSayFromWhereToWhere() {
        Notification paused = TenantNotifications.campaignChanged(campaign, CampaignState.PAUSED, "host a failed", NOW);
        assertThat(paused.payload()).containsEntry("old_state", "RUNNING").containsEntry("state", "PAUSED");
        assertThat(paused.priority()).isEqualTo(Notification.Priority.WARN);

        CampaignHost pending = CampaignHost.pending("c", "a", 1, 0, NOW);
        CampaignHost prechecking = pending.begin(Step.PRECHECK, null, NOW);
        Notification host = TenantNotifications.hostChanged(campaign, prechecking, prechecking.complete(NOW), NOW);
        assertThat(host.payload()).containsEntry("old_state", "PENDING").containsEntry("state", "PRECHECKED")
                .containsEntry("step", "PRECHECK");
    }

    private static VmAction vm(String uuid, Action action, VmActionState state) {
        return new VmAction("c", uuid, uuid, "a", action, null, "test", VmState.ACTIVE, state, null, 1000, null, null, 0,
                "project-7", 512);
    }
}
