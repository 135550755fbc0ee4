-- LaoCaiFanpage: the audit trigger function of 0005 parsed the whole grain state as jsonb on every write of a
-- grain that has a "pendingAudit" list, empty or not — for a case, on every new comment. The entries are copied
-- exactly as before; the state is now parsed only when the list holds an entry (states are written as compact
-- JSON, so an entry always follows as '"pendingAudit":[{'), the same test the notification trigger makes.

CREATE OR REPLACE FUNCTION lcf_copy_grain_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.payloadbinary IS NOT NULL AND position(convert_to('"pendingAudit":[{', 'UTF8') IN NEW.payloadbinary) > 0 THEN
        INSERT INTO audit_log (occurred_at, actor, ip, user_agent, action, target, details, source_seq)
        SELECT (entry ->> 'at')::BIGINT, entry ->> 'actor', entry ->> 'ip', entry ->> 'userAgent',
               entry ->> 'action', entry ->> 'target', entry ->> 'details', (entry ->> 'seq')::BIGINT
        FROM jsonb_array_elements(convert_from(NEW.payloadbinary, 'UTF8')::jsonb -> 'pendingAudit') AS entry
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$;
