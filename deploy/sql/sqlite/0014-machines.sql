-- Machines as users (issue 31). Instants: Unix milliseconds (UTC).

-- A monitoring system that pushes crisis signals (R8.4d), each signed with its own secret. The secret must be read
-- back to check signatures, so it is kept encrypted with the service's key ring (like a second factor's secret),
-- never in the clear. After a rotation the previous secret is still accepted until previous_until.
CREATE TABLE IF NOT EXISTS signal_source
(
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT    NOT NULL UNIQUE,
    severity_cap    INTEGER NULL,
    secret          TEXT    NOT NULL,
    previous_secret TEXT    NULL,
    previous_until  INTEGER NULL,
    created_at      INTEGER NOT NULL,
    created_by      TEXT    NOT NULL,
    rotated_at      INTEGER NULL,
    disabled_at     INTEGER NULL,
    disabled_by     TEXT    NULL,
    last_signal_at  INTEGER NULL
);

-- Every signal a source sent, by the id it gave it: a second delivery of the same id changes nothing. A row is
-- claimed before the signal is applied and removed again if applying it failed, so a retry is not refused.
CREATE TABLE IF NOT EXISTS source_signal
(
    source_id   INTEGER NOT NULL REFERENCES signal_source (id),
    signal_id   TEXT    NOT NULL,
    received_at INTEGER NOT NULL,
    body_sha256 TEXT    NOT NULL,
    crisis_id   TEXT    NULL,
    PRIMARY KEY (source_id, signal_id)
);

-- A named credential for another system (a reporting tool, the intranet's counters, an import script): read roles
-- or the impostor-reporting role only, stored as the SHA-256 digest of the token, never the token.
CREATE TABLE IF NOT EXISTS service_token
(
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT    NOT NULL UNIQUE,
    token_hash   TEXT    NOT NULL UNIQUE,
    roles        TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    created_by   TEXT    NOT NULL,
    expires_at   INTEGER NOT NULL,
    last_used_at INTEGER NULL,
    revoked_at   INTEGER NULL,
    revoked_by   TEXT    NULL
);
