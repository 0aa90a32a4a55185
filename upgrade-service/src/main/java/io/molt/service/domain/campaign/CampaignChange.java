package io.molt.service.domain.campaign;

import io.molt.protocol.Envelope;
import java.util.List;

/**
 * Everything one decision changes, stored in one transaction: the campaign row and host and VM rows
 * (each checked against its version), audit events, and agent commands (an {@code agent_command} row and
 * an outbox message each, published after commit).
 *
 * @param owner        the engine replica that holds the campaign's lease, or null for an operator's action
 * @param startsWorkIn when set, the change starts new work and is refused unless the campaign is still in
 *                     this state (a pause or an abort since the decision stops it)
 */
public record CampaignChange(String campaignId, String owner, CampaignState startsWorkIn, Campaign campaign,
        List<CampaignHost> hosts, List<VmAction> vms, List<CampaignEvent> events, List<Envelope> commands) {

    public CampaignChange {
        hosts = List.copyOf(hosts);
        vms = List.copyOf(vms);
        events = List.copyOf(events);
        commands = List.copyOf(commands);
    }
}
