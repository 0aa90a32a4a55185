-- The VM's state in the snapshot its action was planned from, so that verification expects a stopped VM to
-- stay stopped (the agent does not start what was not running). Null for rows planned before this column.
ALTER TABLE vm_action ADD COLUMN planned_vm_state text CHECK (planned_vm_state IN ('ACTIVE', 'PAUSED', 'SUSPENDED',
    'SHUTOFF', 'ERROR', 'BUSY'));
