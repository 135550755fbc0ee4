-- LaoCaiFanpage: the processing log of R8.4(c) — every sign-in, failed sign-in, sign-out and kiosk use,
-- and every action on cases — kept at least two years and tamper-evident.
--
-- Rows are appended by the service (accounts, kiosks) in the same transaction as the change they
-- record, and by the trigger below for actions taken inside grains. The chain is added afterwards by
-- the service's sealer, in one order (chain_seq): hash = SHA-256 over the previous row's hash and this
-- row's fields. Editing, deleting or reordering a sealed row breaks every later hash; audit_chain keeps
-- the last sealed position (so removing the newest rows shows too) and the anchor left by retention
-- purges (the hash the first remaining row chains from). Instants: Unix milliseconds (UTC).

CREATE TABLE IF NOT EXISTS audit_log
(
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at INTEGER NOT NULL,
    actor       TEXT    NOT NULL,
    ip          TEXT    NULL,
    user_agent  TEXT    NULL,
    action      TEXT    NOT NULL,
    target      TEXT    NULL,
    details     TEXT    NULL,   -- JSON: what changed (before/after where it matters)
    source_seq  INTEGER NULL,   -- for grain-written rows: the grain's own sequence (makes replays harmless)
    chain_seq   INTEGER NULL UNIQUE,
    hash        TEXT    NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS ux_audit_log_source ON audit_log (target, source_seq) WHERE source_seq IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_audit_log_time ON audit_log (occurred_at);
CREATE INDEX IF NOT EXISTS ix_audit_log_unsealed ON audit_log (id) WHERE chain_seq IS NULL;

CREATE TABLE IF NOT EXISTS audit_chain
(
    id          INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    anchor_seq  INTEGER NOT NULL,   -- chain_seq before the first row kept (0, or the last purged row's)
    anchor_hash TEXT    NOT NULL,
    head_seq    INTEGER NOT NULL,   -- the last sealed row
    head_hash   TEXT    NOT NULL
);

INSERT OR IGNORE INTO audit_chain (id, anchor_seq, anchor_hash, head_seq, head_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000',
        0, '0000000000000000000000000000000000000000000000000000000000000000');

-- A grain that acts on behalf of a person puts the audit entries of that action in its state
-- ("pendingAudit") and writes both in one statement; copying them here inside the same transaction
-- makes the action and its audit rows commit together or not at all. A replayed write inserts nothing
-- twice (unique target + source_seq).
CREATE TRIGGER IF NOT EXISTS tr_grain_audit_insert AFTER INSERT ON OrleansStorage
WHEN NEW.PayloadBinary IS NOT NULL AND instr(NEW.PayloadBinary, CAST('"pendingAudit"' AS BLOB)) > 0
BEGIN
    INSERT INTO audit_log (occurred_at, actor, ip, user_agent, action, target, details, source_seq)
    SELECT json_extract(value, '$.at'), json_extract(value, '$.actor'), json_extract(value, '$.ip'),
           json_extract(value, '$.userAgent'), json_extract(value, '$.action'), json_extract(value, '$.target'),
           json_extract(value, '$.details'), json_extract(value, '$.seq')
    FROM json_each(CAST(NEW.PayloadBinary AS TEXT), '$.pendingAudit')
    WHERE true
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER IF NOT EXISTS tr_grain_audit_update AFTER UPDATE OF PayloadBinary ON OrleansStorage
WHEN NEW.PayloadBinary IS NOT NULL AND instr(NEW.PayloadBinary, CAST('"pendingAudit"' AS BLOB)) > 0
BEGIN
    INSERT INTO audit_log (occurred_at, actor, ip, user_agent, action, target, details, source_seq)
    SELECT json_extract(value, '$.at'), json_extract(value, '$.actor'), json_extract(value, '$.ip'),
           json_extract(value, '$.userAgent'), json_extract(value, '$.action'), json_extract(value, '$.target'),
           json_extract(value, '$.details'), json_extract(value, '$.seq')
    FROM json_each(CAST(NEW.PayloadBinary AS TEXT), '$.pendingAudit')
    WHERE true
    ON CONFLICT DO NOTHING;
END;
