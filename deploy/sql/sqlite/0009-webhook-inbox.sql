-- Meta's webhook deliveries as they arrived, signed and parsed but not yet applied to the cases. A delivery is
-- answered 200 once its row is committed here; the inbox drain then hands its changes to the case grains and
-- records what became of them. A host that dies leaves its pending rows to the next start (or, in a cluster,
-- to a surviving silo), so no acknowledged delivery is lost. Processed rows are kept for Webhooks:InboxRetentionDays.
CREATE TABLE IF NOT EXISTS webhook_inbox
(
    id              INTEGER PRIMARY KEY AUTOINCREMENT,   -- the receipt number; never reused, even after a purge
    received_at     INTEGER NOT NULL,                    -- Unix milliseconds
    owner           TEXT    NOT NULL,                    -- the silo that drains it
    remote_ip       TEXT,
    body            BLOB    NOT NULL,                    -- the delivery's bytes exactly as signed
    changes         INTEGER NOT NULL,
    ignored         INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT,
    processed_at    INTEGER,
    stored          INTEGER,
    duplicates      INTEGER
);

CREATE INDEX IF NOT EXISTS ix_webhook_inbox_pending ON webhook_inbox (owner, id) WHERE processed_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_webhook_inbox_processed ON webhook_inbox (processed_at) WHERE processed_at IS NOT NULL;
