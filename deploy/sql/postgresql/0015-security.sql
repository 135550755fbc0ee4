-- Security hardening (issue 25).
-- sign_in_failure: wrong passwords counted per account name and client address. An address that fails too often
-- is locked out for that name only, so a guesser elsewhere cannot lock an approver out of their own desk during a
-- crisis; the total across addresses only slows the account's checks down. Names are kept whether or not an
-- account has them, so an unknown name and a known one answer alike.
CREATE TABLE IF NOT EXISTS sign_in_failure
(
    username       TEXT    NOT NULL,
    address        TEXT    NOT NULL,
    failures       INTEGER NOT NULL,
    last_failed_at BIGINT  NOT NULL,
    locked_until   BIGINT  NULL,
    PRIMARY KEY (username, address)
);

-- A password an administrator set must be replaced by its owner at the next sign-in; the second factor (TOTP,
-- RFC 6238) with its secret protected by the service's key ring and recovery codes stored as SHA-256 digests.
ALTER TABLE app_user ADD COLUMN IF NOT EXISTS must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE app_user ADD COLUMN IF NOT EXISTS totp_secret TEXT NULL;
ALTER TABLE app_user ADD COLUMN IF NOT EXISTS totp_enabled_at BIGINT NULL;
ALTER TABLE app_user ADD COLUMN IF NOT EXISTS totp_last_step BIGINT NULL;
ALTER TABLE app_user ADD COLUMN IF NOT EXISTS recovery_codes TEXT NULL;

-- A kiosk link is now a pairing code: valid until pairing_expires_at and for one device only.
ALTER TABLE kiosk ADD COLUMN IF NOT EXISTS pairing_expires_at BIGINT NULL;
ALTER TABLE kiosk ADD COLUMN IF NOT EXISTS paired_at BIGINT NULL;

-- When a session was last used (written at most once a minute), for the list of paired screens.
ALTER TABLE auth_session ADD COLUMN IF NOT EXISTS last_seen_at BIGINT NULL;

-- The audit chain is keyed (HMAC-SHA256 with a key kept outside the database, Audit:ChainKeyFile) from this
-- position on; rows sealed before it keep their plain SHA-256 links. Signed checkpoints of the chain's head are
-- exported outside the database (Audit:CheckpointDirectory), where whoever holds the database password cannot reach.
ALTER TABLE audit_chain ADD COLUMN IF NOT EXISTS keyed_from BIGINT NULL;
