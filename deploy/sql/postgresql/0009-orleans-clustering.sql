-- LaoCaiFanpage: cluster membership for Orleans' ADO.NET clustering provider on PostgreSQL (invariant "Npgsql").
--
-- The provider keeps one version row per cluster (membership_version) and one row per silo (membership).
-- Every change to a silo row must name the version it read (@Version) and bumps it, so two silos that
-- change membership at once cannot both succeed: the functions below do the check, the bump and the change
-- in one step and undo the bump when the change cannot be made.
-- Reads answer the version with every silo row (LEFT JOIN: the version alone while no silo is registered).
-- Times are TIMESTAMPTZ: the provider binds UTC DateTime values (Npgsql sends them as timestamptz, also when it
-- names DbType.DateTime) and reads them back for exact comparisons when it cleans up dead silos.

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id TEXT      NOT NULL PRIMARY KEY,
    changed_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    version       INTEGER   NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id  TEXT      NOT NULL REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address        TEXT      NOT NULL,
    port           INTEGER   NOT NULL,
    generation     INTEGER   NOT NULL,
    silo_name      TEXT      NOT NULL,
    host_name      TEXT      NOT NULL,
    status         INTEGER   NOT NULL,
    proxy_port     INTEGER   NULL,
    suspect_times  TEXT      NULL,
    start_time     TIMESTAMPTZ NOT NULL,
    i_am_alive_time TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

CREATE OR REPLACE FUNCTION lcf_membership_insert(
    p_deployment TEXT, p_address TEXT, p_port INTEGER, p_generation INTEGER, p_silo_name TEXT, p_host_name TEXT,
    p_status INTEGER, p_proxy_port INTEGER, p_start TIMESTAMPTZ, p_alive TIMESTAMPTZ, p_version INTEGER)
RETURNS BOOLEAN LANGUAGE plpgsql AS $$
BEGIN
    UPDATE orleans_membership_version SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment AND version = p_version;
    IF NOT FOUND THEN
        RETURN FALSE;
    END IF;
    INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status,
                                    proxy_port, start_time, i_am_alive_time)
    VALUES (p_deployment, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port, p_start, p_alive)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'lcf: silo row exists';
    END IF;
    RETURN TRUE;
EXCEPTION WHEN raise_exception THEN
    RETURN FALSE;   -- the block's changes, the version bump among them, are undone
END;
$$;

CREATE OR REPLACE FUNCTION lcf_membership_update(
    p_deployment TEXT, p_address TEXT, p_port INTEGER, p_generation INTEGER, p_status INTEGER,
    p_suspect_times TEXT, p_alive TIMESTAMPTZ, p_version INTEGER)
RETURNS BOOLEAN LANGUAGE plpgsql AS $$
BEGIN
    UPDATE orleans_membership_version SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment AND version = p_version;
    IF NOT FOUND THEN
        RETURN FALSE;
    END IF;
    UPDATE orleans_membership SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_alive
    WHERE deployment_id = p_deployment AND address = p_address AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'lcf: no such silo row';
    END IF;
    RETURN TRUE;
EXCEPTION WHEN raise_exception THEN
    RETURN FALSE;
END;
$$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', '
WITH inserted AS (
    INSERT INTO orleans_membership_version (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted);
'),
('InsertMembershipKey', '
SELECT lcf_membership_insert(@DeploymentId, CAST(@Address AS TEXT), @Port, @Generation, @SiloName, @HostName, @Status,
                             @ProxyPort, CAST(@StartTime AS TIMESTAMPTZ), CAST(@IAmAliveTime AS TIMESTAMPTZ), @Version);
'),
('UpdateMembershipKey', '
SELECT lcf_membership_update(@DeploymentId, CAST(@Address AS TEXT), @Port, @Generation, @Status,
                             CAST(@SuspectTimes AS TEXT), CAST(@IAmAliveTime AS TIMESTAMPTZ), @Version);
'),
('UpdateIAmAlivetimeKey', '
UPDATE orleans_membership SET i_am_alive_time = CAST(@IAmAliveTime AS TIMESTAMPTZ)
WHERE deployment_id = @DeploymentId AND address = CAST(@Address AS TEXT) AND port = @Port AND generation = @Generation;
'),
('MembershipReadRowKey', '
SELECT v.version AS Version, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
       ON m.deployment_id = v.deployment_id AND m.address = CAST(@Address AS TEXT) AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
'),
('MembershipReadAllKey', '
SELECT v.version AS Version, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
ORDER BY m.address, m.port, m.generation;
'),
('DeleteMembershipTableEntriesKey', '
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;
'),
('GatewaysQueryKey', '
SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
'),
-- Dead silos (status 6) not heard of since the cut-off.
('CleanupDefunctSiloEntriesKey', '
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = 6 AND i_am_alive_time < CAST(@IAmAliveTime AS TIMESTAMPTZ);
'),
-- One dead silo, only if nothing about it changed since the provider read it.
('CleanupDefunctSiloEntryKey', '
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId AND address = CAST(@Address AS TEXT) AND port = @Port AND generation = @Generation
  AND status = 6
  AND start_time = CAST(@StartTime AS TIMESTAMPTZ) AND i_am_alive_time = CAST(@IAmAliveTime AS TIMESTAMPTZ)
  AND suspect_times IS NOT DISTINCT FROM CAST(@SuspectTimes AS TEXT);
')
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
