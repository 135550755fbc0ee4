-- LaoCaiFanpage: the audit trigger of 0005 parsed the whole grain state on every write of a grain that has a
-- "pendingAudit" list, empty or not — for a case, on every new comment. The entries are copied exactly as before;
-- the state is now parsed only when the list holds an entry (states are written as compact JSON, so an entry
-- always follows as '"pendingAudit":[{'), the same test the notification trigger makes.

DROP TRIGGER IF EXISTS tr_grain_audit_insert;
DROP TRIGGER IF EXISTS tr_grain_audit_update;

CREATE TRIGGER tr_grain_audit_insert AFTER INSERT ON OrleansStorage
WHEN NEW.PayloadBinary IS NOT NULL AND instr(NEW.PayloadBinary, CAST('"pendingAudit":[{' AS BLOB)) > 0
BEGIN
    INSERT INTO audit_log (occurred_at, actor, ip, user_agent, action, target, details, source_seq)
    SELECT json_extract(value, '$.at'), json_extract(value, '$.actor'), json_extract(value, '$.ip'),
           json_extract(value, '$.userAgent'), json_extract(value, '$.action'), json_extract(value, '$.target'),
           json_extract(value, '$.details'), json_extract(value, '$.seq')
    FROM json_each(CAST(NEW.PayloadBinary AS TEXT), '$.pendingAudit')
    WHERE true
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER tr_grain_audit_update AFTER UPDATE OF PayloadBinary ON OrleansStorage
WHEN NEW.PayloadBinary IS NOT NULL AND instr(NEW.PayloadBinary, CAST('"pendingAudit":[{' AS BLOB)) > 0
BEGIN
    INSERT INTO audit_log (occurred_at, actor, ip, user_agent, action, target, details, source_seq)
    SELECT json_extract(value, '$.at'), json_extract(value, '$.actor'), json_extract(value, '$.ip'),
           json_extract(value, '$.userAgent'), json_extract(value, '$.action'), json_extract(value, '$.target'),
           json_extract(value, '$.details'), json_extract(value, '$.seq')
    FROM json_each(CAST(NEW.PayloadBinary AS TEXT), '$.pendingAudit')
    WHERE true
    ON CONFLICT DO NOTHING;
END;
