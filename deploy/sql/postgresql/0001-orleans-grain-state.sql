-- LaoCaiFanpage: grain state for Orleans' ADO.NET persistence provider on PostgreSQL (invariant "Npgsql").
-- Same contract as deploy/sql/sqlite/0001: the provider reads its statements from OrleansQuery at start-up
-- and binds @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
-- @ServiceId, @GrainStateVersion (NULL for a grain never written) and @PayloadBinary. A write or clear answers
-- one row with the new version (NewGrainStateVersion); on an optimistic-concurrency conflict it answers the
-- caller's version unchanged, or no row when the caller believed no record existed — the provider raises
-- InconsistentStateException for both. Keys are exact: the natural key is the primary key.

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  TEXT NOT NULL PRIMARY KEY,
    querytext TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS orleansstorage
(
    serviceid              TEXT        NOT NULL,
    graintypestring        TEXT        NOT NULL,
    grainidn0              BIGINT      NOT NULL,
    grainidn1              BIGINT      NOT NULL,
    grainidextensionstring TEXT        NOT NULL DEFAULT '',
    grainidhash            INTEGER     NOT NULL,
    graintypehash          INTEGER     NOT NULL,
    payloadbinary          BYTEA       NULL,
    modifiedon             TIMESTAMPTZ NOT NULL,
    version                INTEGER     NOT NULL,
    PRIMARY KEY (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring)
);

-- One statement: the first write inserts version 1 (a concurrent first write loses the ON CONFLICT race and
-- answers no row); a later write bumps the version only from the caller's; otherwise the caller's version.
INSERT INTO orleansquery (querykey, querytext) VALUES ('WriteToStorageKey', '
WITH inserted AS (
    INSERT INTO orleansstorage (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring,
                                grainidhash, graintypehash, payloadbinary, modifiedon, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(CAST(@GrainIdExtensionString AS TEXT), ''''),
           @GrainIdHash, @GrainTypeHash, @PayloadBinary, now(), 1
    WHERE CAST(@GrainStateVersion AS INTEGER) IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
), updated AS (
    UPDATE orleansstorage
    SET payloadbinary = @PayloadBinary, modifiedon = now(), version = version + 1
    WHERE CAST(@GrainStateVersion AS INTEGER) IS NOT NULL
      AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND grainidextensionstring = COALESCE(CAST(@GrainIdExtensionString AS TEXT), '''')
      AND version = CAST(@GrainStateVersion AS INTEGER)
    RETURNING version
)
SELECT version AS NewGrainStateVersion FROM inserted
UNION ALL
SELECT version FROM updated
UNION ALL
SELECT CAST(@GrainStateVersion AS INTEGER)
WHERE CAST(@GrainStateVersion AS INTEGER) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM updated);
') ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadFromStorageKey', '
SELECT payloadbinary AS PayloadBinary, version AS Version
FROM orleansstorage
WHERE serviceid = @ServiceId AND graintypestring = @GrainTypeString
  AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
  AND grainidextensionstring = COALESCE(CAST(@GrainIdExtensionString AS TEXT), '''')
LIMIT 1;
') ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;

-- Clearing keeps the row (payload NULL) and bumps the version, so a stale writer still conflicts.
INSERT INTO orleansquery (querykey, querytext) VALUES ('ClearStorageKey', '
WITH cleared AS (
    UPDATE orleansstorage
    SET payloadbinary = NULL, modifiedon = now(), version = version + 1
    WHERE serviceid = @ServiceId AND graintypestring = @GrainTypeString
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND grainidextensionstring = COALESCE(CAST(@GrainIdExtensionString AS TEXT), '''')
      AND version = CAST(@GrainStateVersion AS INTEGER)
    RETURNING version
)
SELECT version AS NewGrainStateVersion FROM cleared
UNION ALL
SELECT CAST(@GrainStateVersion AS INTEGER)
WHERE CAST(@GrainStateVersion AS INTEGER) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cleared);
') ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
