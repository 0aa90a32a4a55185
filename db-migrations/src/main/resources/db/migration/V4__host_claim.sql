-- A host belongs to at most one unfinished campaign (docs/campaigns.md). The database holds the rule: adding
-- a host to a campaign claims it here, a second claim of the same host fails on the primary key, and a
-- campaign that ends (ABORTED, DONE, FAILED) releases its claims in the same transaction.
CREATE TABLE host_claim (
    host        text        PRIMARY KEY,
    campaign_id uuid        NOT NULL REFERENCES campaign (id) ON DELETE CASCADE,
    claimed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX host_claim_campaign_idx ON host_claim (campaign_id);

CREATE FUNCTION host_claim_take() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT state FROM campaign WHERE id = NEW.campaign_id) NOT IN ('ABORTED', 'DONE', 'FAILED') THEN
        INSERT INTO host_claim (host, campaign_id) VALUES (NEW.host, NEW.campaign_id);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER campaign_host_claims_host AFTER INSERT ON campaign_host
    FOR EACH ROW EXECUTE FUNCTION host_claim_take();

CREATE FUNCTION host_claim_release() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM host_claim WHERE campaign_id = NEW.id;
    RETURN NEW;
END $$;
CREATE TRIGGER campaign_end_releases_hosts AFTER UPDATE OF state ON campaign
    FOR EACH ROW WHEN (NEW.state IN ('ABORTED', 'DONE', 'FAILED')) EXECUTE FUNCTION host_claim_release();

-- Campaigns unfinished when this migration runs keep their hosts; where two already share one (possible
-- before this rule), the older campaign holds it.
INSERT INTO host_claim (host, campaign_id)
SELECT DISTINCT ON (h.host) h.host, h.campaign_id
FROM campaign_host h JOIN campaign c ON c.id = h.campaign_id
WHERE c.state NOT IN ('ABORTED', 'DONE', 'FAILED')
ORDER BY h.host, c.created_at, c.id;
