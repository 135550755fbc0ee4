-- Reports (R10, R11, R13): the Article 6 category and the answer's publication time on the case list, and the
-- archive of daily reports (one row a Vietnam-time date, replaced when generated again; the body is JSON).
ALTER TABLE case_index ADD COLUMN IF NOT EXISTS category INTEGER NULL;
ALTER TABLE case_index ADD COLUMN IF NOT EXISTS answered_at BIGINT NULL;

CREATE INDEX IF NOT EXISTS ix_case_index_created ON case_index (created_at);
CREATE INDEX IF NOT EXISTS ix_case_index_answered ON case_index (answered_at) WHERE answered_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_moderation_item_detected ON moderation_item (detected_at);

CREATE TABLE IF NOT EXISTS daily_report
(
    report_date  TEXT    NOT NULL PRIMARY KEY,
    page_id      TEXT    NOT NULL,
    generated_at BIGINT  NOT NULL,
    generated_by TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    summary      TEXT    NOT NULL,
    body         TEXT    NOT NULL
);
