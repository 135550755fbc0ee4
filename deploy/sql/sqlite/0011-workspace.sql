-- The officers' workspace (R8.3, R9, R13, R14): who in a unit has a case, who answered each clock, and a search
-- over what citizens wrote. search_text is the case's citizen messages and names folded to bare lower-case letters
-- by the service ("Nguyễn … đường" → "nguyen … duong"), so both profiles find the same cases for the same query;
-- here an FTS5 index over it is kept in step by triggers (external content: the text is stored once, in
-- case_index). Cases projected before this script are filled in by the service at start-up.
ALTER TABLE case_index ADD COLUMN assignee TEXT NULL;
ALTER TABLE case_index ADD COLUMN search_text TEXT NULL;
ALTER TABLE sla_clock ADD COLUMN completed_by TEXT NULL;

CREATE INDEX IF NOT EXISTS ix_case_index_assignee ON case_index (assignee) WHERE assignee IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_sla_clock_completed_by ON sla_clock (completed_by, completed_at) WHERE completed_by IS NOT NULL;

CREATE VIRTUAL TABLE IF NOT EXISTS case_search USING fts5
(
    search_text,
    content = 'case_index',
    content_rowid = 'rowid',
    tokenize = 'unicode61'
);

CREATE TRIGGER IF NOT EXISTS case_search_insert AFTER INSERT ON case_index
BEGIN
    INSERT INTO case_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;

CREATE TRIGGER IF NOT EXISTS case_search_delete AFTER DELETE ON case_index
BEGIN
    INSERT INTO case_search (case_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
END;

-- Only when the text changed: most projections of a case (a clock ticking, a status) leave it as it was.
CREATE TRIGGER IF NOT EXISTS case_search_update AFTER UPDATE OF search_text ON case_index
WHEN old.search_text IS NOT new.search_text
BEGIN
    INSERT INTO case_search (case_search, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO case_search (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
