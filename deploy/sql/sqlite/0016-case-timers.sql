-- LaoCaiFanpage: durable wake-ups of the cases (replace one Orleans reminder per case).
-- A case with a clock still to change state by itself, or an approved answer or a hide not yet handed to the
-- outbox, has one row: when it must next be woken (wake_at, Unix ms). One sweep per silo reads the rows that are
-- due, claims them for a while (claimed_until) so that no other sweep wakes the same case at once, and wakes
-- each case grain; the case writes its next wake-up (which clears the claim) or deletes its row. An idle case
-- therefore costs no memory at all: not an activation, not a reminder.

CREATE TABLE IF NOT EXISTS case_timer
(
    case_id       TEXT    NOT NULL PRIMARY KEY,
    wake_at       INTEGER NOT NULL,
    claimed_until INTEGER NULL
);

CREATE INDEX IF NOT EXISTS ix_case_timer_wake ON case_timer (wake_at);

-- An installation that ran with reminders: every case the start-up re-arm used to wake is due at once, as it was.
INSERT INTO case_timer (case_id, wake_at)
SELECT case_id, 0 FROM sla_clock WHERE next_at IS NOT NULL
UNION
SELECT case_id, 0 FROM moderation_item WHERE status IN ('hide-queued', 'unhide-queued')
UNION
SELECT case_id, 0 FROM case_index WHERE status = 'approved'
ON CONFLICT (case_id) DO NOTHING;
