-- Reports (R10, R11, R13). The case list gains the two facts reports count by: the Article 6 category the
-- Editorial Board gave the case, and when the page's answer was published. Cases projected before this
-- script have them empty until their next change.
ALTER TABLE case_index ADD COLUMN category INTEGER NULL;
ALTER TABLE case_index ADD COLUMN answered_at INTEGER NULL;

CREATE INDEX IF NOT EXISTS ix_case_index_created ON case_index (created_at);
CREATE INDEX IF NOT EXISTS ix_case_index_answered ON case_index (answered_at) WHERE answered_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_moderation_item_detected ON moderation_item (detected_at);

-- The archive of daily reports: one row a date (Vietnam time), replaced when the report is generated again.
-- The report itself is JSON; the formats (HTML, CSV, XLSX) are rendered from it on request.
CREATE TABLE IF NOT EXISTS daily_report
(
    report_date  TEXT    NOT NULL PRIMARY KEY,
    page_id      TEXT    NOT NULL,
    generated_at INTEGER NOT NULL,
    generated_by TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    summary      TEXT    NOT NULL,
    body         TEXT    NOT NULL
);
