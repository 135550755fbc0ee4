-- LaoCaiFanpage: durable wake-ups of the cases (replace one Orleans reminder per case).
-- A case with a clock still to change state by itself, or an approved answer or a hide not yet handed to the
-- outbox, has one row: when it must next be woken (wake_at, Unix ms). Every silo sweeps the due rows, claiming
-- them with FOR UPDATE SKIP LOCKED and a claim time (claimed_until), so each case is woken by one silo; a claim
-- whose silo died runs out and the row is swept again. The case writes its next wake-up (which clears the claim)
-- or deletes its row. An idle case costs no memory: not an activation, not a reminder.

CREATE TABLE IF NOT EXISTS case_timer
(
    case_id       TEXT   NOT NULL PRIMARY KEY,
    wake_at       BIGINT NOT NULL,
    claimed_until BIGINT NULL
);

CREATE INDEX IF NOT EXISTS ix_case_timer_wake ON case_timer (wake_at);

-- An installation that ran with reminders: the cases they would have woken are due at once, and the reminders go
-- (a reminder left behind would call a grain that no longer takes reminders).
INSERT INTO case_timer (case_id, wake_at)
SELECT case_id, 0 FROM sla_clock WHERE next_at IS NOT NULL
UNION
SELECT case_id, 0 FROM moderation_item WHERE status IN ('hide-queued', 'unhide-queued')
UNION
SELECT case_id, 0 FROM case_index WHERE status = 'approved'
ON CONFLICT (case_id) DO NOTHING;

DELETE FROM orleans_reminder WHERE reminder_name = 'sla-clocks';
