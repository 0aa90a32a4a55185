-- Per-host hooks (docs/adr/0019-per-host-hooks.md): two more stable host states and the two steps that reach
-- them. PREPARED: the agent's before-down hook ran (the host is not disabled yet); RETURNED: its after-up hook
-- ran (the host is re-enabled and its guests verified). The column checks are replaced by wider ones.
ALTER TABLE campaign_host DROP CONSTRAINT campaign_host_state_check;
ALTER TABLE campaign_host ADD CONSTRAINT campaign_host_state_check CHECK (state IN ('PENDING', 'PRECHECKED',
    'PREPARED', 'DISABLED', 'EVACUATED', 'PRESERVED', 'UPGRADED', 'RESTORED', 'VERIFIED', 'ENABLED', 'RETURNED',
    'DONE', 'FAILED', 'SKIPPED'));
ALTER TABLE campaign_host DROP CONSTRAINT campaign_host_failed_in_check;
ALTER TABLE campaign_host ADD CONSTRAINT campaign_host_failed_in_check CHECK (failed_in IN ('PENDING', 'PRECHECKED',
    'PREPARED', 'DISABLED', 'EVACUATED', 'PRESERVED', 'UPGRADED', 'RESTORED', 'VERIFIED', 'ENABLED', 'RETURNED'));
ALTER TABLE campaign_host DROP CONSTRAINT campaign_host_step_check;
ALTER TABLE campaign_host ADD CONSTRAINT campaign_host_step_check CHECK (step IS NULL OR step IN ('PRECHECK',
    'HOOK_BEFORE_DOWN', 'DISABLE', 'EVACUATE', 'PRESERVE', 'UPGRADE', 'RESTORE', 'VERIFY', 'ENABLE', 'HOOK_AFTER_UP',
    'FINISH', 'SKIP'));
