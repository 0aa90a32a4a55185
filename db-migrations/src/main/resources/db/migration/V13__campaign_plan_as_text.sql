-- The plan document is stored as the text the service wrote, not as jsonb. Nothing queries inside it (the
-- API serves it whole, the engine reads it whole), and parsing it into jsonb was the largest single cost of
-- creating a large campaign: at 10,000 hosts and 400,000 VMs, a document of about 160 MB took 12 s to
-- parse and store as jsonb on this machine (ADR 0030, docs/performance.md). Every campaign update that
-- wrote the document back parsed it again. Existing documents keep jsonb's text of them.
ALTER TABLE campaign ALTER COLUMN plan TYPE text USING plan::text;
