-- The Office's own page posts (Article 6), listed for the Editorial Board and the approvers. A projection of
-- the page-post grains: the grain state is the record, this table is what lists and filters it.
CREATE TABLE IF NOT EXISTS page_post
(
    post_id     TEXT    NOT NULL PRIMARY KEY,
    page_id     TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    category    INTEGER NOT NULL,
    authority   TEXT    NOT NULL,
    preview     TEXT,
    created_by  TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_page_post_status ON page_post (status, updated_at DESC);
