-- The campaign engine (docs/adr/0006-campaign-engine.md).

-- One writer per campaign: the replica that holds an unexpired lease reconciles it and fences every write
-- with it; another replica takes over once the lease has expired.
ALTER TABLE campaign ADD COLUMN lease_owner text;
ALTER TABLE campaign ADD COLUMN lease_until timestamptz;
-- Whether an abort re-enables the hosts the campaign disabled (guests it preserved are always restored).
ALTER TABLE campaign ADD COLUMN re_enable_on_abort boolean NOT NULL DEFAULT true;

-- The stable state a FAILED host failed in (a resume returns it there), and whether its upgrade ran.
ALTER TABLE campaign_host ADD COLUMN failed_in text CHECK (failed_in IN ('PENDING', 'PRECHECKED', 'DISABLED',
    'EVACUATED', 'PRESERVED', 'UPGRADED', 'RESTORED', 'VERIFIED', 'ENABLED'));
ALTER TABLE campaign_host ADD COLUMN upgraded boolean NOT NULL DEFAULT false;
ALTER TABLE campaign_host ADD CONSTRAINT campaign_host_step_check CHECK (step IS NULL OR step IN ('PRECHECK',
    'DISABLE', 'EVACUATE', 'PRESERVE', 'UPGRADE', 'RESTORE', 'VERIFY', 'ENABLE', 'FINISH', 'SKIP'));
