-- LaoCaiFanpage: durable reminders for Orleans' ADO.NET reminder provider on PostgreSQL. SLA clocks, report
-- deliveries and the publishing outbox wake their grains through reminders; kept here they fire on whichever
-- silo owns the grain's hash range, so a clock set on a silo that died still fires on a surviving one.
-- grain_hash is the grain's uniform hash as a signed integer: the provider asks for ranges in signed order
-- (ReadRangeRows1Key) or for the two ends of a range that wraps around (ReadRangeRows2Key).

CREATE TABLE IF NOT EXISTS orleans_reminder
(
    service_id    TEXT        NOT NULL,
    grain_id      TEXT        NOT NULL,
    reminder_name TEXT        NOT NULL,
    start_time    TIMESTAMPTZ NOT NULL,
    period        BIGINT      NOT NULL,
    grain_hash    INTEGER     NOT NULL,
    version       INTEGER     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS ix_orleans_reminder_hash ON orleans_reminder (service_id, grain_hash);

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpsertReminderRowKey', '
INSERT INTO orleans_reminder (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
VALUES (@ServiceId, CAST(@GrainId AS TEXT), @ReminderName, CAST(@StartTime AS TIMESTAMPTZ), CAST(@Period AS BIGINT), @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash,
    version = orleans_reminder.version + 1
RETURNING version AS Version;
'),
('ReadReminderRowsKey', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
FROM orleans_reminder
WHERE service_id = @ServiceId AND grain_id = CAST(@GrainId AS TEXT);
'),
('ReadReminderRowKey', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
FROM orleans_reminder
WHERE service_id = @ServiceId AND grain_id = CAST(@GrainId AS TEXT) AND reminder_name = @ReminderName;
'),
('ReadRangeRows1Key', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
FROM orleans_reminder
WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
'),
('ReadRangeRows2Key', '
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
FROM orleans_reminder
WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
'),
('DeleteReminderRowKey', '
WITH deleted AS (
    DELETE FROM orleans_reminder
    WHERE service_id = @ServiceId AND grain_id = CAST(@GrainId AS TEXT) AND reminder_name = @ReminderName AND version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted);
'),
('DeleteReminderRowsKey', '
DELETE FROM orleans_reminder WHERE service_id = @ServiceId;
')
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
