package io.molt.service.domain.port;

import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignChange;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.VmAction;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Campaigns, their hosts, VM actions and events (persistence port). */
public interface Campaigns {

    /**
     * Stores a new campaign with its plan document (written once: the plan of a campaign never changes);
     * throws {@link io.molt.service.domain.campaign.HostClaimed} when one of its hosts belongs to another
     * unfinished campaign.
     */
    void create(Campaign campaign, String planDocument, List<CampaignHost> hosts, List<VmAction> vms,
                List<CampaignEvent> events);

    Optional<Campaign> find(String id);

    /** The campaign's plan document as it was stored; empty when there is no such campaign. */
    Optional<String> planDocument(String campaignId);

    /** Which unfinished campaign holds each of these hosts (hosts no campaign holds are absent). */
    Map<String, String> claims(Collection<String> hosts);

    List<Campaign> all();

    /** Ids of campaigns the engine works on ({@code CampaignState.isActive()}), oldest first. */
    List<String> active();

    List<CampaignHost> hosts(String campaignId);

    List<VmAction> vms(String campaignId);

    List<CampaignEvent> events(String campaignId, long afterId, int limit);

    /** When the notices of the host's VMs were sent and the host may start; empty before they were sent. */
    Optional<io.molt.service.domain.campaign.HostNotice> notice(String campaignId, String host);

    /**
     * Stores a change in one transaction; throws {@link io.molt.service.domain.campaign.ConcurrentChange} when a
     * row's version moved, when the owner lost the lease, or when the change starts work and the campaign has
     * left the state it was decided in.
     */
    void apply(CampaignChange change);

    /** Takes or renews the campaign's lease for {@code owner}; false while another live owner holds it. */
    boolean acquireLease(String campaignId, String owner, Duration ttl);

    void releaseLease(String campaignId, String owner);
}
