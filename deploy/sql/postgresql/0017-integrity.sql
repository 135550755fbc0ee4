-- The page's integrity (issue 26, Art. 8.1). Instants: Unix milliseconds (UTC).

-- Everything the approval chain handed to the page's outbox, kept beyond the outbox's own short memory: what the
-- page then shows (a reply, a message, a post arriving back by webhook or by the Graph reconciliation) is compared
-- with it. text_sha256 is the digest of the approved text after NFC and whitespace normalisation; graph_id is the
-- id Facebook gave it, message_id the page message it was matched with (which may differ, or come first).
CREATE TABLE IF NOT EXISTS page_publication
(
    request_id   TEXT    NOT NULL PRIMARY KEY,
    page_id      TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    case_id      TEXT    NOT NULL,
    target_id    TEXT    NOT NULL,
    text_sha256  TEXT    NOT NULL,
    handed_at    BIGINT  NOT NULL,
    graph_id     TEXT    NULL,
    published_at BIGINT  NULL,
    message_id   TEXT    NULL
);

CREATE INDEX IF NOT EXISTS ix_page_publication_text ON page_publication (page_id, text_sha256);
CREATE INDEX IF NOT EXISTS ix_page_publication_graph ON page_publication (graph_id);
CREATE INDEX IF NOT EXISTS ix_page_publication_message ON page_publication (message_id);

-- What the page showed that did not pass the chain (kind: unapproved-publication, edited-after-approval,
-- removed-after-approval), kept like the processing log: a row per page message and kind, its latest text, and the
-- Chief of Office's acknowledgement with the reason. channel: comment, post or messenger.
CREATE TABLE IF NOT EXISTS integrity_finding
(
    id                  TEXT    NOT NULL PRIMARY KEY,
    page_id             TEXT    NOT NULL,
    kind                TEXT    NOT NULL,
    message_id          TEXT    NOT NULL,
    case_id             TEXT    NOT NULL,
    channel             TEXT    NOT NULL,
    text                TEXT    NULL,
    permalink           TEXT    NULL,
    seen_at             BIGINT  NOT NULL,
    status              TEXT    NOT NULL,
    approved_request_id TEXT    NULL,
    acknowledged_by     TEXT    NULL,
    acknowledged_at     BIGINT  NULL,
    note                TEXT    NULL
);

CREATE INDEX IF NOT EXISTS ix_integrity_finding_status ON integrity_finding (page_id, status, seen_at);
CREATE INDEX IF NOT EXISTS ix_integrity_finding_message ON integrity_finding (message_id, kind);

-- Scheduled publication (Art. 7.4): an approved page post may go out at a chosen time; the content calendar lists
-- posts by when they go (or went) out.
ALTER TABLE page_post ADD COLUMN IF NOT EXISTS publish_at BIGINT NULL;
ALTER TABLE page_post ADD COLUMN IF NOT EXISTS published_at BIGINT NULL;
CREATE INDEX IF NOT EXISTS ix_page_post_publish ON page_post (publish_at);

-- Pictures for the page's posts (Art. 2.1, 7.4), by the SHA-256 of their bytes: a draft names its pictures by that
-- digest, so what the chain approves is the text and these exact pictures. Checked (type, size, pixels from the
-- header) before they are kept; never decoded whole here.
CREATE TABLE IF NOT EXISTS media
(
    sha256       TEXT    NOT NULL PRIMARY KEY,
    content_type TEXT    NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    size         INTEGER NOT NULL,
    data         BYTEA   NOT NULL,
    uploaded_by  TEXT    NOT NULL,
    uploaded_at  BIGINT  NOT NULL
);
