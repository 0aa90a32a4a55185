-- Tenant notifications and campaign metrics (docs/adr/0016-tenant-notifications.md, docs/metrics.md).

-- Whom a VM's notifications concern, and how much data its action is planned to send over the network
-- (rows from before this migration: unknown owner, 0).
ALTER TABLE vm_action ADD COLUMN project_id text;
ALTER TABLE vm_action ADD COLUMN moved_mib double precision NOT NULL DEFAULT 0 CHECK (moved_mib >= 0);

-- When the maintenance notices of a host's VMs were sent, and when the host may start (sent_at plus the
-- campaign's notice period). Written with the notices' outbox rows in one transaction; a host with no row
-- here, or whose due_at is still ahead, is not started.
CREATE TABLE host_notice (
    campaign_id uuid        NOT NULL,
    host        text        NOT NULL,
    sent_at     timestamptz NOT NULL,
    due_at      timestamptz NOT NULL CHECK (due_at >= sent_at),
    PRIMARY KEY (campaign_id, host),
    FOREIGN KEY (campaign_id, host) REFERENCES campaign_host (campaign_id, host) ON DELETE CASCADE
);
