-- The plan's order of a host's VMs (docs/planner.md, "Guest order"): the engine sends a host's guests in it, so
-- that the staying guests are taken down and brought back in the order the planner chose to keep the worst
-- guest's wait least. Rows from before it was recorded keep 0 and go in uuid order, as before.
ALTER TABLE vm_action ADD COLUMN guest_order integer NOT NULL DEFAULT 0 CHECK (guest_order >= 0);
