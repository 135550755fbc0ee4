-- Parts of a validly signed delivery the parser could not apply (an entry, a change, a Messenger event): the delivery
-- was acknowledged all the same and its exact bytes are in its inbox row; here is what was left out, where (JSON
-- paths) and why, until a retry after an upgrade applies it. A row with an open quarantine is never purged.
ALTER TABLE webhook_inbox ADD COLUMN quarantine TEXT NULL;              -- JSON: [{"path","reason"}]
ALTER TABLE webhook_inbox ADD COLUMN quarantine_retried_at INTEGER NULL;
ALTER TABLE webhook_inbox ADD COLUMN quarantine_cleared_at INTEGER NULL;

CREATE INDEX IF NOT EXISTS ix_webhook_inbox_quarantine ON webhook_inbox (id) WHERE quarantine IS NOT NULL AND quarantine_cleared_at IS NULL;

-- Reconciliation through the Graph API (Meta does not guarantee delivery): one row per page. A silo claims a run by
-- moving last_started_at forward (so on a cluster one silo reads Facebook per interval); backfilled_at is set once the
-- first run has read Facebook:BackfillDays back.
CREATE TABLE IF NOT EXISTS webhook_reconcile
(
    page_id          TEXT    NOT NULL PRIMARY KEY,
    backfilled_at    INTEGER NULL,
    last_started_at  INTEGER NULL,
    last_finished_at INTEGER NULL,
    last_result      TEXT    NULL
);
