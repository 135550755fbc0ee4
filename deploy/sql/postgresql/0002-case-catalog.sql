-- LaoCaiFanpage: the case catalogue, a query-friendly projection of the comment-thread grains (as on SQLite).
-- The grains' state (orleansstorage) is the record of what citizens wrote; these tables are rewritten from
-- it after every change. Instants are Unix milliseconds (UTC), as on SQLite, so the code reads both alike.

CREATE TABLE IF NOT EXISTS case_index
(
    case_id          TEXT    NOT NULL PRIMARY KEY,
    page_id          TEXT    NOT NULL,
    channel          TEXT    NOT NULL,
    post_id          TEXT    NULL,
    permalink        TEXT    NULL,
    author_id        TEXT    NULL,
    author_name      TEXT    NULL,
    status           TEXT    NOT NULL,
    units            TEXT    NOT NULL DEFAULT '',
    preview          TEXT    NULL,
    message_count    INTEGER NOT NULL,
    created_at       BIGINT  NOT NULL,
    received_at      BIGINT  NOT NULL,
    last_activity_at BIGINT  NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_case_index_received ON case_index (received_at DESC, case_id);
CREATE INDEX IF NOT EXISTS ix_case_index_status ON case_index (status, received_at DESC);

CREATE TABLE IF NOT EXISTS message_index
(
    message_id  TEXT    NOT NULL PRIMARY KEY,
    case_id     TEXT    NOT NULL,
    page_id     TEXT    NOT NULL,
    channel     TEXT    NOT NULL,
    post_id     TEXT    NULL,
    permalink   TEXT    NULL,
    author_id   TEXT    NOT NULL,
    author_name TEXT    NULL,
    is_page     INTEGER NOT NULL,
    preview     TEXT    NULL,
    created_at  BIGINT  NOT NULL,
    received_at BIGINT  NOT NULL,
    removed     INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX IF NOT EXISTS ix_message_index_page_created ON message_index (page_id, created_at);
CREATE INDEX IF NOT EXISTS ix_message_index_page_received ON message_index (page_id, received_at DESC);
CREATE INDEX IF NOT EXISTS ix_message_index_case ON message_index (case_id);
