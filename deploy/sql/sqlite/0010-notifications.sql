-- LaoCaiFanpage: reaching people (notifications). A grain that must tell someone — a case assigned, a clock due
-- soon or missed, an answer waiting for an approver, a crisis — puts the notice in its state ("pendingNotices")
-- and the triggers below copy it into notification_event inside the same write, so the step and its notice
-- commit together or not at all (as the processing log does, 0005). Each host's dispatcher then turns an event
-- into one notification per person who must hear of it (the in-app list) and one delivery per channel (e-mail,
-- browser push), each with its own status, attempts and backoff. Unique keys make every step replay-safe: a
-- replayed grain write, a retried expansion or a restarted host adds nothing twice. Instants: Unix ms (UTC).

ALTER TABLE app_user ADD COLUMN email TEXT NULL;

CREATE TABLE IF NOT EXISTS notification_event
(
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    source      TEXT    NOT NULL,   -- who raised it: case/{id}, crisis/{id}, publisher/{page}, impostor/{id}, summary/missed
    source_seq  INTEGER NOT NULL,   -- the source's own sequence number
    kind        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    payload     TEXT    NOT NULL,   -- JSON: the notice as written (title, body, link, due, who must hear of it)
    expanded_at INTEGER NULL,       -- set once its notifications exist
    UNIQUE (source, source_seq)
);

CREATE INDEX IF NOT EXISTS ix_notification_event_pending ON notification_event (id) WHERE expanded_at IS NULL;

CREATE TABLE IF NOT EXISTS notification
(
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id   INTEGER NOT NULL REFERENCES notification_event (id),
    user_id    INTEGER NOT NULL REFERENCES app_user (id),
    kind       TEXT    NOT NULL,
    subject    TEXT    NOT NULL,   -- the case's or crisis's id
    title      TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    link       TEXT    NOT NULL,   -- the page to open, relative to the service
    due_at     INTEGER NULL,
    urgent     INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    read_at    INTEGER NULL,
    UNIQUE (event_id, user_id)
);

CREATE INDEX IF NOT EXISTS ix_notification_user ON notification (user_id, id);
CREATE INDEX IF NOT EXISTS ix_notification_unread ON notification (user_id) WHERE read_at IS NULL;

CREATE TABLE IF NOT EXISTS push_subscription
(
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id        INTEGER NOT NULL REFERENCES app_user (id),
    endpoint       TEXT    NOT NULL UNIQUE,
    p256dh         TEXT    NOT NULL,
    auth           TEXT    NOT NULL,
    user_agent     TEXT    NULL,
    created_at     INTEGER NOT NULL,
    removed_at     INTEGER NULL,
    removed_reason TEXT    NULL
);

CREATE INDEX IF NOT EXISTS ix_push_subscription_user ON push_subscription (user_id) WHERE removed_at IS NULL;

CREATE TABLE IF NOT EXISTS notification_delivery
(
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    notification_id INTEGER NOT NULL REFERENCES notification (id),
    channel         TEXT    NOT NULL CHECK (channel IN ('email', 'push')),
    target          TEXT    NOT NULL,   -- the e-mail address, or the push subscription's endpoint
    subscription_id INTEGER NULL REFERENCES push_subscription (id),
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,   -- quiet hours and backoff push it later
    claimed_by      TEXT    NULL,       -- the host sending it now, until claimed_until
    claimed_until   INTEGER NULL,
    last_error      TEXT    NULL,
    sent_at         INTEGER NULL,
    UNIQUE (notification_id, channel, target)
);

CREATE INDEX IF NOT EXISTS ix_notification_delivery_due ON notification_delivery (next_attempt_at) WHERE status = 'pending';

-- A person's choice of channels for one kind of notification (no row: every channel).
CREATE TABLE IF NOT EXISTS notification_setting
(
    user_id INTEGER NOT NULL REFERENCES app_user (id),
    kind    TEXT    NOT NULL,
    email   INTEGER NOT NULL,
    push    INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- Most writes carry no notice: the list is then empty ("pendingNotices":[]) and the test below skips it.
CREATE TRIGGER IF NOT EXISTS tr_grain_notice_insert AFTER INSERT ON OrleansStorage
WHEN NEW.PayloadBinary IS NOT NULL AND instr(NEW.PayloadBinary, CAST('"pendingNotices":[{' AS BLOB)) > 0
BEGIN
    INSERT INTO notification_event (source, source_seq, kind, created_at, payload)
    SELECT json_extract(value, '$.source'), json_extract(value, '$.seq'), json_extract(value, '$.kind'),
           json_extract(value, '$.at'), value
    FROM json_each(CAST(NEW.PayloadBinary AS TEXT), '$.pendingNotices')
    WHERE true
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER IF NOT EXISTS tr_grain_notice_update AFTER UPDATE OF PayloadBinary ON OrleansStorage
WHEN NEW.PayloadBinary IS NOT NULL AND instr(NEW.PayloadBinary, CAST('"pendingNotices":[{' AS BLOB)) > 0
BEGIN
    INSERT INTO notification_event (source, source_seq, kind, created_at, payload)
    SELECT json_extract(value, '$.source'), json_extract(value, '$.seq'), json_extract(value, '$.kind'),
           json_extract(value, '$.at'), value
    FROM json_each(CAST(NEW.PayloadBinary AS TEXT), '$.pendingNotices')
    WHERE true
    ON CONFLICT DO NOTHING;
END;
