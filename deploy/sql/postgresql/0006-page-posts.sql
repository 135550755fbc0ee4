-- The Office's own page posts (Article 6), a projection of the page-post grains for lists and filters.
CREATE TABLE IF NOT EXISTS page_post
(
    post_id     TEXT    NOT NULL PRIMARY KEY,
    page_id     TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    category    INTEGER NOT NULL,
    authority   TEXT    NOT NULL,
    preview     TEXT,
    created_by  TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_page_post_status ON page_post (status, updated_at DESC);
