-- Meta's webhook deliveries as they arrived, signed and parsed but not yet applied to the cases. A delivery is
-- answered 200 once its row is committed here; the inbox drain of the silo that took it then hands its changes to
-- the case grains and records what became of them. The rows of a silo that left the cluster are adopted by a
-- survivor, so no acknowledged delivery is lost. Processed rows are kept for Webhooks:InboxRetentionDays.
CREATE TABLE IF NOT EXISTS webhook_inbox
(
    id              BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,   -- the receipt number
    received_at     BIGINT  NOT NULL,                                   -- Unix milliseconds
    owner           TEXT    NOT NULL,                                   -- the silo that drains it
    remote_ip       TEXT,
    body            BYTEA   NOT NULL,                                   -- the delivery's bytes exactly as signed
    changes         INTEGER NOT NULL,
    ignored         INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT  NOT NULL,
    last_error      TEXT,
    processed_at    BIGINT,
    stored          INTEGER,
    duplicates      INTEGER
);

CREATE INDEX IF NOT EXISTS ix_webhook_inbox_pending ON webhook_inbox (owner, id) WHERE processed_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_webhook_inbox_processed ON webhook_inbox (processed_at) WHERE processed_at IS NOT NULL;
