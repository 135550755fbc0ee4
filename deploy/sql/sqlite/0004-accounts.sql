-- LaoCaiFanpage: accounts, kiosk links, sign-in sessions and the keys that protect sign-in cookies.
-- Accounts are never deleted (R8.4c keeps account information for two years): they are disabled.
-- Secrets are never stored: passwords as ASP.NET Core Identity hashes, tokens as SHA-256 digests.
-- Instants: Unix milliseconds (UTC).

CREATE TABLE IF NOT EXISTS app_user
(
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    username            TEXT    NOT NULL UNIQUE,
    display_name        TEXT    NULL,
    password_hash       TEXT    NOT NULL,
    roles               TEXT    NOT NULL,   -- comma-separated role names
    unit                TEXT    NULL,       -- the unit code of a UnitOfficer
    failed_logins       INTEGER NOT NULL DEFAULT 0,
    locked_until        INTEGER NULL,
    disabled_at         INTEGER NULL,
    password_changed_at INTEGER NOT NULL,
    created_at          INTEGER NOT NULL,
    created_by          TEXT    NOT NULL
);

CREATE TABLE IF NOT EXISTS kiosk
(
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    created_by   TEXT    NOT NULL,
    last_used_at INTEGER NULL,
    revoked_at   INTEGER NULL,
    revoked_by   TEXT    NULL
);

-- One row per sign-in (cookie or bearer) and per kiosk opening; ended_at is set by logout, expiry
-- checks, disabling the account, resetting its password or revoking the kiosk.
CREATE TABLE IF NOT EXISTS auth_session
(
    id         TEXT    NOT NULL PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('cookie', 'bearer', 'kiosk')),
    token_hash TEXT    NULL UNIQUE,
    user_id    INTEGER NULL REFERENCES app_user (id),
    kiosk_id   INTEGER NULL REFERENCES kiosk (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ended_at   INTEGER NULL,
    ip         TEXT    NULL,
    user_agent TEXT    NULL,
    CHECK ((user_id IS NULL) <> (kiosk_id IS NULL))
);

CREATE INDEX IF NOT EXISTS ix_auth_session_user ON auth_session (user_id) WHERE ended_at IS NULL;
CREATE INDEX IF NOT EXISTS ix_auth_session_kiosk ON auth_session (kiosk_id) WHERE ended_at IS NULL;

-- ASP.NET Core Data Protection key ring: cookies stay valid across restarts and across hosts.
CREATE TABLE IF NOT EXISTS data_protection_key
(
    name TEXT NOT NULL PRIMARY KEY,
    xml  TEXT NOT NULL
);
