using System.Text.Json;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Silo.Audit;
using Microsoft.AspNetCore.Identity;
using System.Data.Common;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>
/// Accounts, sessions and kiosk links in the embedded profile's database (0004-accounts.sql). Every
/// change is written with its audit row in one transaction.
/// </summary>
public sealed class AccountStore(
    FanpageDatabase database,
    AuditLog audit,
    IPasswordHasher<UserAccount> hasher,
    IOptions<AuthOptions> options,
    TimeProvider time)
{
    private const string UserColumns = "id, username, display_name, roles, unit, disabled_at, locked_until, failed_logins, created_at, created_by, password_hash, email";

    // Verified against when the username is unknown, so that a wrong name costs as long as a wrong password.
    private static readonly UserAccount Nobody = new(0, "", null, [], null, true, null, 0, DateTimeOffset.UnixEpoch, "", "");
    private readonly Lazy<string> _nobodyHash = new(() => hasher.HashPassword(Nobody, SecretTokens.New()));

    /// <summary>Raised with the ids of sessions that just ended, so live connections of theirs can be closed.</summary>
    public event Action<IReadOnlyList<string>>? SessionsEnded;

    public static string NormalizeUsername(string username) => username.Trim().ToLowerInvariant();

    public async Task<UserAccount?> FindUser(string username, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {UserColumns} FROM app_user WHERE username = @username";
        command.AddParameter("@username", NormalizeUsername(username));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadUser(reader) : null;
    }

    public async Task<IReadOnlyList<UserAccount>> ListUsers(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {UserColumns} FROM app_user ORDER BY username";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<UserAccount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(ReadUser(reader));
        }

        return users;
    }

    public async Task<bool> AnyEnabledAdmin(CancellationToken cancellationToken = default) =>
        (await ListUsers(cancellationToken)).Any(u => !u.Disabled && u.Roles.Contains(Roles.Admin));

    /// <summary>Creates the account; null when the username is taken.</summary>
    public async Task<UserAccount?> CreateUser(NewUser user, Actor actor, CancellationToken cancellationToken = default)
    {
        var username = NormalizeUsername(user.Username);
        var now = time.GetUtcNow();
        var hash = hasher.HashPassword(Nobody with { Username = username }, user.Password);
        var created = await audit.InTransaction(async (connection, transaction) =>
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO app_user (username, display_name, password_hash, roles, unit, password_changed_at, created_at, created_by, email)
                VALUES (@username, @display, @hash, @roles, @unit, @now, @now, @by, @email)
                ON CONFLICT (username) DO NOTHING
                """;
            insert.AddParameter("@username", username);
            insert.AddParameter("@display", user.DisplayName);
            insert.AddParameter("@hash", hash);
            insert.AddParameter("@roles", string.Join(',', user.Roles));
            insert.AddParameter("@unit", user.Unit);
            insert.AddParameter("@now", now.ToUnixTimeMilliseconds());
            insert.AddParameter("@by", actor.Name);
            insert.AddParameter("@email", user.Email);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }

            await AuditLog.Append(connection, transaction, Record(actor, now, "user.created", "user/" + username,
                new { after = new { username, displayName = user.DisplayName, roles = user.Roles, unit = user.Unit, email = user.Email } }), cancellationToken);
            return true;
        }, cancellationToken);
        return created ? await FindUser(username, cancellationToken) : null;
    }

    /// <summary>Disables or re-enables an account; disabling ends its sessions. False when there is no such account.</summary>
    public async Task<bool> SetDisabled(string username, bool disabled, Actor actor, CancellationToken cancellationToken = default)
    {
        var name = NormalizeUsername(username);
        var now = time.GetUtcNow();
        var ended = new List<string>();
        var found = await audit.InTransaction(async (connection, transaction) =>
        {
            var changed = await Execute(connection, transaction, "UPDATE app_user SET disabled_at = @value WHERE username = @username",
                cancellationToken, ("@value", disabled ? now.ToUnixTimeMilliseconds() : null), ("@username", name));
            if (changed == 0)
            {
                return false;
            }

            if (disabled)
            {
                ended.AddRange(await EndSessions(connection, transaction, "user_id = (SELECT id FROM app_user WHERE username = @key)", name, now, cancellationToken));
            }

            await AuditLog.Append(connection, transaction, Record(actor, now, disabled ? "user.disabled" : "user.enabled", "user/" + name,
                new { sessionsEnded = ended.Count }), cancellationToken);
            return true;
        }, cancellationToken);
        Announce(ended);
        return found;
    }

    /// <summary>Sets a new password (an administrator's reset): unlocks the account and ends its sessions.</summary>
    public async Task<bool> ResetPassword(string username, string password, Actor actor, CancellationToken cancellationToken = default)
    {
        var name = NormalizeUsername(username);
        var now = time.GetUtcNow();
        var hash = hasher.HashPassword(Nobody with { Username = name }, password);
        var ended = new List<string>();
        var found = await audit.InTransaction(async (connection, transaction) =>
        {
            var changed = await Execute(connection, transaction, """
                UPDATE app_user SET password_hash = @hash, password_changed_at = @now, failed_logins = 0, locked_until = NULL
                WHERE username = @username
                """, cancellationToken, ("@hash", hash), ("@now", now.ToUnixTimeMilliseconds()), ("@username", name));
            if (changed == 0)
            {
                return false;
            }

            ended.AddRange(await EndSessions(connection, transaction, "user_id = (SELECT id FROM app_user WHERE username = @key)", name, now, cancellationToken));
            await AuditLog.Append(connection, transaction, Record(actor, now, "user.password-reset", "user/" + name,
                new { sessionsEnded = ended.Count }), cancellationToken);
            return true;
        }, cancellationToken);
        Announce(ended);
        return found;
    }

    /// <summary>Replaces an account's roles and unit; its sessions see the change on their next request.</summary>
    public async Task<bool> SetRoles(string username, IReadOnlyList<string> roles, string? unit, Actor actor, CancellationToken cancellationToken = default)
    {
        var before = await FindUser(username, cancellationToken);
        if (before is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        return await audit.InTransaction(async (connection, transaction) =>
        {
            var changed = await Execute(connection, transaction, "UPDATE app_user SET roles = @roles, unit = @unit WHERE id = @id",
                cancellationToken, ("@roles", string.Join(',', roles)), ("@unit", unit), ("@id", before.Id));
            await AuditLog.Append(connection, transaction, Record(actor, now, "user.roles-changed", "user/" + before.Username,
                new { before = new { roles = before.Roles, unit = before.Unit }, after = new { roles, unit } }), cancellationToken);
            return changed > 0;
        }, cancellationToken);
    }

    /// <summary>Changes an account's e-mail and/or display name (the fields the details set); null when there is no such account.</summary>
    public async Task<UserAccount?> UpdateContact(string username, ContactDetails details, Actor actor, CancellationToken cancellationToken = default)
    {
        var before = await FindUser(username, cancellationToken);
        if (before is null)
        {
            return null;
        }

        var email = details.SetsEmail ? details.Email : before.Email;
        var display = details.SetsDisplayName ? details.DisplayName : before.DisplayName;
        if (email == before.Email && display == before.DisplayName)
        {
            return before;
        }

        var now = time.GetUtcNow();
        await audit.InTransaction(async (connection, transaction) =>
        {
            await Execute(connection, transaction, "UPDATE app_user SET email = @email, display_name = @display WHERE id = @id",
                cancellationToken, ("@email", email), ("@display", display), ("@id", before.Id));
            await AuditLog.Append(connection, transaction, Record(actor, now, "user.contact-changed", "user/" + before.Username,
                new { before = new { email = before.Email, displayName = before.DisplayName }, after = new { email, displayName = display } }), cancellationToken);
            return true;
        }, cancellationToken);
        return await FindUser(before.Username, cancellationToken);
    }

    /// <summary>Checks a password and opens a session; every outcome is in the audit log with the client's address.</summary>
    public async Task<SignInResult> SignIn(string username, string password, string kind, Actor client, CancellationToken cancellationToken = default)
    {
        var name = NormalizeUsername(username);
        var now = time.GetUtcNow();
        var user = name.Length is > 0 and <= 64 ? await FindUser(name, cancellationToken) : null;
        var loginClient = client with { Name = name.Length <= 64 ? name : name[..64] };
        if (user is null || user.Disabled)
        {
            hasher.VerifyHashedPassword(Nobody, user?.PasswordHash ?? _nobodyHash.Value, password);
            await audit.Append(Record(loginClient, now, "auth.login-failed", "user/" + loginClient.Name,
                new { reason = user is null ? "unknown-user" : "disabled", kind }), cancellationToken);
            return SignInResult.Failed;
        }

        if (user.LockedUntil is { } lockedUntil && lockedUntil > now)
        {
            await audit.Append(Record(loginClient, now, "auth.login-refused-locked", "user/" + user.Username, new { lockedUntil, kind }), cancellationToken);
            return new SignInResult(SignInStatus.LockedOut, null, lockedUntil);
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            return await RecordFailure(user, loginClient, kind, now, cancellationToken);
        }

        var rehash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, password) : null;
        var session = new ActiveSession(SecretTokens.NewSessionId(), kind, user.Username, user.DisplayName, user.Roles, user.Unit, now + options.Value.UserSession);
        var token = kind == SessionKinds.Bearer ? SecretTokens.New() : null;
        await audit.InTransaction(async (connection, transaction) =>
        {
            await Execute(connection, transaction, """
                UPDATE app_user SET failed_logins = 0, locked_until = NULL, password_hash = COALESCE(@rehash, password_hash) WHERE id = @id
                """, cancellationToken, ("@rehash", rehash), ("@id", user.Id));
            await InsertSession(connection, transaction, session, token, user.Id, null, now, client, cancellationToken);
            await AuditLog.Append(connection, transaction, Record(loginClient, now, "auth.login", "user/" + user.Username,
                new { kind, session = session.Id, expiresAt = session.ExpiresAt }), cancellationToken);
        }, cancellationToken);
        return new SignInResult(SignInStatus.Succeeded, new StartedSession(session, token), null);
    }

    private async Task<SignInResult> RecordFailure(UserAccount user, Actor client, string kind, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxFailedLogins;
        var lockedUntil = await audit.InTransaction(async (connection, transaction) =>
        {
            long failures;
            await using (var bump = connection.CreateCommand())
            {
                bump.Transaction = transaction;
                bump.CommandText = "UPDATE app_user SET failed_logins = failed_logins + 1 WHERE id = @id RETURNING failed_logins";
                bump.AddParameter("@id", user.Id);
                failures = Convert.ToInt64(await bump.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            }

            await AuditLog.Append(connection, transaction, Record(client, now, "auth.login-failed", "user/" + user.Username,
                new { reason = "wrong-password", failures, kind }), cancellationToken);
            if (failures < max)
            {
                return (DateTimeOffset?)null;
            }

            var until = now + options.Value.Lockout;
            await Execute(connection, transaction, "UPDATE app_user SET failed_logins = 0, locked_until = @until WHERE id = @id",
                cancellationToken, ("@until", until.ToUnixTimeMilliseconds()), ("@id", user.Id));
            await AuditLog.Append(connection, transaction, Record(client, now, "auth.locked-out", "user/" + user.Username,
                new { failures, lockedUntil = until }), cancellationToken);
            return until;
        }, cancellationToken);
        return lockedUntil is null ? SignInResult.Failed : new SignInResult(SignInStatus.LockedOut, null, lockedUntil);
    }

    /// <summary>The live session with this id (cookie sign-ins and kiosk screens), or null.</summary>
    public Task<ActiveSession?> FindSession(string sessionId, CancellationToken cancellationToken = default) =>
        LookUpSession("s.id = @key", sessionId, cancellationToken);

    /// <summary>The live session a bearer token opens, or null.</summary>
    public Task<ActiveSession?> FindSessionByToken(string token, CancellationToken cancellationToken = default) =>
        LookUpSession("s.token_hash = @key", SecretTokens.Digest(token), cancellationToken);

    /// <summary>Sign-out: ends the session and records it. False when it had already ended.</summary>
    public async Task<bool> SignOut(string sessionId, Actor actor, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var ended = await audit.InTransaction(async (connection, transaction) =>
        {
            var ids = await EndSessions(connection, transaction, "id = @key", sessionId, now, cancellationToken);
            if (ids.Count > 0)
            {
                await AuditLog.Append(connection, transaction, Record(actor, now, "auth.logout", TargetOf(actor.Name),
                    new { session = sessionId }), cancellationToken);
            }

            return ids;
        }, cancellationToken);
        Announce(ended);
        return ended.Count > 0;
    }

    public async Task<(KioskLink Kiosk, string Token)> CreateKiosk(string name, Actor actor, CancellationToken cancellationToken = default)
    {
        var token = SecretTokens.New();
        var now = time.GetUtcNow();
        var id = await audit.InTransaction(async (connection, transaction) =>
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO kiosk (name, token_hash, created_at, created_by) VALUES (@name, @hash, @now, @by) RETURNING id";
            insert.AddParameter("@name", name);
            insert.AddParameter("@hash", SecretTokens.Digest(token));
            insert.AddParameter("@now", now.ToUnixTimeMilliseconds());
            insert.AddParameter("@by", actor.Name);
            var kioskId = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            await AuditLog.Append(connection, transaction, Record(actor, now, "kiosk.created", "kiosk/" + kioskId, new { name }), cancellationToken);
            return kioskId;
        }, cancellationToken);
        return (new KioskLink(id, name, now, actor.Name, null, null, null), token);
    }

    public async Task<IReadOnlyList<KioskLink>> ListKiosks(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, created_at, created_by, last_used_at, revoked_at, revoked_by FROM kiosk ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var kiosks = new List<KioskLink>();
        while (await reader.ReadAsync(cancellationToken))
        {
            kiosks.Add(new KioskLink(reader.GetInt64(0), reader.GetString(1), Instant(reader, 2)!.Value, reader.GetString(3),
                Instant(reader, 4), Instant(reader, 5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return kiosks;
    }

    /// <summary>Revokes a kiosk link and ends every screen session it opened. False when there is no such live link.</summary>
    public async Task<bool> RevokeKiosk(long id, Actor actor, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var ended = new List<string>();
        var revoked = await audit.InTransaction(async (connection, transaction) =>
        {
            var changed = await Execute(connection, transaction, "UPDATE kiosk SET revoked_at = @now, revoked_by = @by WHERE id = @id AND revoked_at IS NULL",
                cancellationToken, ("@now", now.ToUnixTimeMilliseconds()), ("@by", actor.Name), ("@id", id));
            if (changed == 0)
            {
                return false;
            }

            ended.AddRange(await EndSessions(connection, transaction, "kiosk_id = @key", id, now, cancellationToken));
            await AuditLog.Append(connection, transaction, Record(actor, now, "kiosk.revoked", "kiosk/" + id, new { sessionsEnded = ended.Count }), cancellationToken);
            return true;
        }, cancellationToken);
        Announce(ended);
        return revoked;
    }

    /// <summary>A screen opens its kiosk link: a WallDisplay session, audited like a sign-in. Null for an unknown or revoked link.</summary>
    public async Task<ActiveSession?> OpenKiosk(string token, Actor client, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        long? id = null;
        string? name = null;
        bool revoked = false;
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, name, revoked_at FROM kiosk WHERE token_hash = @hash";
            command.AddParameter("@hash", SecretTokens.Digest(token));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                (id, name, revoked) = (reader.GetInt64(0), reader.GetString(1), !reader.IsDBNull(2));
            }
        }

        if (id is null || revoked)
        {
            await audit.Append(Record(client with { Name = id is null ? "anonymous" : "kiosk:" + id }, now, "kiosk.refused",
                id is null ? "kiosk" : "kiosk/" + id, new { reason = id is null ? "unknown-link" : "revoked" }), cancellationToken);
            return null;
        }

        var session = new ActiveSession(SecretTokens.NewSessionId(), SessionKinds.Kiosk, "kiosk:" + id, name, [Roles.WallDisplay], null, now + options.Value.KioskSession);
        await audit.InTransaction(async (connection, transaction) =>
        {
            await InsertSession(connection, transaction, session, null, null, id, now, client, cancellationToken);
            await Execute(connection, transaction, "UPDATE kiosk SET last_used_at = @now WHERE id = @id", cancellationToken,
                ("@now", now.ToUnixTimeMilliseconds()), ("@id", id));
            await AuditLog.Append(connection, transaction, Record(client with { Name = session.Name }, now, "kiosk.opened", "kiosk/" + id,
                new { name, session = session.Id }), cancellationToken);
        }, cancellationToken);
        return session;
    }

    /// <summary>The audit target naming a session's owner: <c>user/{name}</c> or <c>kiosk/{id}</c>.</summary>
    public static string TargetOf(string sessionName) =>
        sessionName.StartsWith("kiosk:", StringComparison.Ordinal) ? "kiosk/" + sessionName["kiosk:".Length..] : "user/" + sessionName;

    private void Announce(List<string> ended)
    {
        if (ended.Count > 0)
        {
            SessionsEnded?.Invoke(ended);
        }
    }

    private async Task<ActiveSession?> LookUpSession(string where, string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT s.id, s.kind, s.expires_at, u.username, u.display_name, u.roles, u.unit, u.disabled_at, k.id, k.name, k.revoked_at
            FROM auth_session s
            LEFT JOIN app_user u ON u.id = s.user_id
            LEFT JOIN kiosk k ON k.id = s.kiosk_id
            WHERE {where} AND s.ended_at IS NULL AND s.expires_at > @now
            """;
        command.AddParameter("@key", key);
        command.AddParameter("@now", time.GetUtcNow().ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var expires = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2));
        if (!reader.IsDBNull(3))
        {
            return reader.IsDBNull(7)
                ? new ActiveSession(reader.GetString(0), reader.GetString(1), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                    ParseRoles(reader.GetString(5)), reader.IsDBNull(6) ? null : reader.GetString(6), expires)
                : null;
        }

        return !reader.IsDBNull(8) && reader.IsDBNull(10)
            ? new ActiveSession(reader.GetString(0), reader.GetString(1), "kiosk:" + reader.GetInt64(8), reader.GetString(9), [Roles.WallDisplay], null, expires)
            : null;
    }

    private static async Task InsertSession(DbConnection connection, DbTransaction transaction, ActiveSession session, string? token,
        long? userId, long? kioskId, DateTimeOffset now, Actor client, CancellationToken cancellationToken)
    {
        await Execute(connection, transaction, """
            INSERT INTO auth_session (id, kind, token_hash, user_id, kiosk_id, created_at, expires_at, ip, user_agent)
            VALUES (@id, @kind, @token, @user, @kiosk, @now, @expires, @ip, @ua)
            """, cancellationToken,
            ("@id", session.Id), ("@kind", session.Kind), ("@token", token is null ? null : SecretTokens.Digest(token)), ("@user", userId),
            ("@kiosk", kioskId), ("@now", now.ToUnixTimeMilliseconds()), ("@expires", session.ExpiresAt.ToUnixTimeMilliseconds()),
            ("@ip", client.Ip), ("@ua", client.UserAgent is { Length: > 512 } ua ? ua[..512] : client.UserAgent));
    }

    private static async Task<List<string>> EndSessions(DbConnection connection, DbTransaction transaction, string where, object key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"UPDATE auth_session SET ended_at = @now WHERE {where} AND ended_at IS NULL RETURNING id";
        command.AddParameter("@key", key);
        command.AddParameter("@now", now.ToUnixTimeMilliseconds());
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private static async Task<int> Execute(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value ?? DBNull.Value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static AuditRecord Record(Actor actor, DateTimeOffset now, string action, string target, object details) =>
        new(now, actor.Name, actor.Ip, actor.UserAgent, action, target, JsonSerializer.Serialize(details, AuditJson.Options));

    private static UserAccount ReadUser(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        ParseRoles(reader.GetString(3)),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        !reader.IsDBNull(5),
        Instant(reader, 6),
        reader.GetInt32(7),
        Instant(reader, 8)!.Value,
        reader.GetString(9),
        reader.GetString(10),
        reader.IsDBNull(11) ? null : reader.GetString(11));

    private static IReadOnlyList<string> ParseRoles(string roles) =>
        [.. roles.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Roles.Canonical).OfType<string>()];

    private static DateTimeOffset? Instant(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));
}
