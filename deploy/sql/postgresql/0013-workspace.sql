-- The officers' workspace (R8.3, R9, R13, R14): who in a unit has a case, who answered each clock, and a search
-- over what citizens wrote. search_text is the case's citizen messages and names folded to bare lower-case letters
-- by the service ("Nguyễn … đường" → "nguyen … duong"), so both profiles find the same cases for the same query
-- (no dependence on the unaccent extension being installed); a GIN index over its 'simple' tsvector serves the
-- search. Cases projected before this script are filled in by the service at start-up.
ALTER TABLE case_index ADD COLUMN IF NOT EXISTS assignee TEXT NULL;
ALTER TABLE case_index ADD COLUMN IF NOT EXISTS search_text TEXT NULL;
ALTER TABLE sla_clock ADD COLUMN IF NOT EXISTS completed_by TEXT NULL;

CREATE INDEX IF NOT EXISTS ix_case_index_assignee ON case_index (assignee) WHERE assignee IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_sla_clock_completed_by ON sla_clock (completed_by, completed_at) WHERE completed_by IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_case_index_search ON case_index USING GIN (to_tsvector('simple', COALESCE(search_text, '')));
