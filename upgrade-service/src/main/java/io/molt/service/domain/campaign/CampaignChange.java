package io.molt.service.domain.campaign;

import io.molt.protocol.Envelope;
import java.util.List;

/**
 * Everything one decision changes, stored in one transaction: the campaign row and host and VM rows
 * (each checked against its version), audit events, and agent commands (an {@code agent_command} row and
 * an outbox message each, published after commit), tenant notifications (an outbox message each; one whose
 * message id is already in the outbox is not sent again) and the notice of a host's VMs.
 *
 * @param owner        the engine replica that holds the campaign's lease, or null for an operator's action
 * @param startsWorkIn when set, the change starts new work and is refused unless the campaign is still in
 *                     this state (a pause or an abort since the decision stops it)
 * @param notice       when set, records that the notices of a host's VMs were sent (with {@code notifications})
 */
public record CampaignChange(String campaignId, String owner, CampaignState startsWorkIn, Campaign campaign,
        List<CampaignHost> hosts, List<VmAction> vms, List<CampaignEvent> events, List<Envelope> commands,
        List<Notification> notifications, HostNotice notice) {

    public CampaignChange {
        hosts = List.copyOf(hosts);
        vms = List.copyOf(vms);
        events = List.copyOf(events);
        commands = List.copyOf(commands);
        notifications = List.copyOf(notifications);
    }

    /** A change that notifies nobody. */
    public CampaignChange(String campaignId, String owner, CampaignState startsWorkIn, Campaign campaign,
            List<CampaignHost> hosts, List<VmAction> vms, List<CampaignEvent> events, List<Envelope> commands) {
        this(campaignId, owner, startsWorkIn, campaign, hosts, vms, events, commands, List.of(), null);
    }

    /** The same change, also sending these notifications. */
    public CampaignChange notifying(List<Notification> more) {
        List<Notification> all = new java.util.ArrayList<>(notifications);
        all.addAll(more);
        return new CampaignChange(campaignId, owner, startsWorkIn, campaign, hosts, vms, events, commands, all, notice);
    }
}
