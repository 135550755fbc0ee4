-- Messages flagged by the content filter (R8.4c), the Editorial Board's review queue: a projection of the
-- case grains' moderation records.
CREATE TABLE IF NOT EXISTS moderation_item
(
    case_id      TEXT   NOT NULL,
    message_id   TEXT   NOT NULL,
    page_id      TEXT   NOT NULL,
    status       TEXT   NOT NULL,
    confidence   TEXT   NOT NULL,
    clauses      TEXT   NOT NULL,   -- clause codes joined by ','
    rules        TEXT   NOT NULL,
    author_name  TEXT,
    preview      TEXT,
    detected_at  BIGINT NOT NULL,
    decided_by   TEXT,
    decided_at   BIGINT,
    PRIMARY KEY (case_id, message_id)
);

CREATE INDEX IF NOT EXISTS ix_moderation_item_status ON moderation_item (status, detected_at DESC);
