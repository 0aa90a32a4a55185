-- The commands an agent said it carries out in its hello (protocol v2, a JSON array of wire names);
-- null for an agent that did not say (v1), which is sent every command as before.
ALTER TABLE agent ADD COLUMN commands jsonb;
