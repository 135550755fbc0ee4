using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Security;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Storage;

namespace LaoCaiFanpage.Silo.Accounts;

/// <summary>A service token as administrators see it (never the token itself).</summary>
public sealed record ServiceTokenView(long Id, string Name, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, string? RevokedBy);

/// <summary>
/// Named credentials for other systems (0014-machines.sql): issued with read roles or the impostor-reporting role,
/// stored as digests, checked on every request like a bearer session, revoked at once. Every change and every use
/// is in the audit log under the token's name.
/// </summary>
public sealed class ServiceTokenStore(FanpageDatabase database, AuditLog audit, AccountStore accounts, TimeProvider time)
{
    /// <summary>What a service token starts with, so the bearer handler knows where to look it up (and a leaked one is recognisable).</summary>
    public const string TokenPrefix = "lcfsvc_";

    /// <summary>A token's principal is named <c>service:{name}</c>: no account name has a colon.</summary>
    public const string NamePrefix = "service:";

    public const string SessionKind = "service";

    public static bool IsServiceToken(string token) => token.StartsWith(TokenPrefix, StringComparison.Ordinal);

    /// <summary>True for a caller signed in with a service token (not a person, not a screen).</summary>
    public static bool IsService(ClaimsPrincipal user) =>
        user.Identity?.Name?.StartsWith(NamePrefix, StringComparison.Ordinal) == true;

    /// <summary>The session id a token's connections carry, so revoking it closes them.</summary>
    public static string SessionIdOf(long id) => "svc-" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Issues a token; null when the name is taken. The token is returned this once.</summary>
    public async Task<(ServiceTokenView Token, string Secret)?> Issue(string name, IReadOnlyList<string> roles, int expiresInDays, Actor actor,
        CancellationToken cancellationToken = default)
    {
        var secret = TokenPrefix + SecretTokens.New();
        var now = time.GetUtcNow();
        // Whole seconds, like a session: the screens' hub closes by the ticket's expiry, which has that precision.
        var expires = DateTimeOffset.FromUnixTimeSeconds((now + TimeSpan.FromDays(expiresInDays)).ToUnixTimeSeconds());
        var id = await audit.InTransaction(async (connection, transaction) =>
        {
            if (await Exists(connection, transaction, name, cancellationToken))
            {
                return (long?)null;
            }

            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO service_token (name, token_hash, roles, created_at, created_by, expires_at)
                VALUES (@name, @hash, @roles, @now, @by, @expires) RETURNING id
                """;
            insert.AddParameter("@name", name);
            insert.AddParameter("@hash", SecretTokens.Digest(secret));
            insert.AddParameter("@roles", string.Join(',', roles));
            insert.AddParameter("@now", now.ToUnixTimeMilliseconds());
            insert.AddParameter("@by", actor.Name);
            insert.AddParameter("@expires", expires.ToUnixTimeMilliseconds());
            var tokenId = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            await AuditLog.Append(connection, transaction, AuditRecord.Of(actor, now, "service-token.issued", "service-token/" + tokenId,
                new { name, roles, expiresAt = expires }), cancellationToken);
            return tokenId;
        }, cancellationToken);
        return id is null ? null : (new ServiceTokenView(id.Value, name, roles, now, actor.Name, expires, null, null, null), secret);
    }

    public async Task<IReadOnlyList<ServiceTokenView>> List(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, roles, created_at, created_by, expires_at, last_used_at, revoked_at, revoked_by FROM service_token ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tokens = new List<ServiceTokenView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tokens.Add(new ServiceTokenView(reader.GetInt64(0), reader.GetString(1), AccountStore.ParseRoles(reader.GetString(2)), reader.GetInstant(3)!.Value,
                reader.GetString(4), reader.GetInstant(5)!.Value, reader.GetInstant(6), reader.GetInstant(7),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return tokens;
    }

    /// <summary>Revokes a token: it opens nothing from now on, and its live screen connections close on every host. False when there is no such live token.</summary>
    public async Task<bool> Revoke(long id, Actor actor, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var revoked = await audit.InTransaction(async (connection, transaction) =>
        {
            if (await connection.Execute(transaction, "UPDATE service_token SET revoked_at = @now, revoked_by = @by WHERE id = @id AND revoked_at IS NULL",
                cancellationToken, ("@now", now.ToUnixTimeMilliseconds()), ("@by", actor.Name), ("@id", id)) == 0)
            {
                return false;
            }

            await AuditLog.Append(connection, transaction, AuditRecord.Of(actor, now, "service-token.revoked", "service-token/" + id, new { }), cancellationToken);
            return true;
        }, cancellationToken);
        if (revoked)
        {
            accounts.Announce([SessionIdOf(id)]);
        }

        return revoked;
    }

    /// <summary>What a live token opens, as a session the rest of the service understands; null when unknown, expired or revoked.</summary>
    public async Task<ActiveSession?> Find(string token, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, name, roles, expires_at FROM service_token
            WHERE token_hash = @hash AND revoked_at IS NULL AND expires_at > @now
            """;
        command.AddParameter("@hash", SecretTokens.Digest(token));
        command.AddParameter("@now", now.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        // Only the roles a token may hold, whatever the row says: a row edited in the database gains nothing more.
        var roles = AccountStore.ParseRoles(reader.GetString(2)).Where(Roles.ForServiceTokens.Contains).ToList();
        return new ActiveSession(SessionIdOf(reader.GetInt64(0)), SessionKind, NamePrefix + reader.GetString(1), null, roles, null,
            reader.GetInstant(3)!.Value);
    }

    /// <summary>One use of a token, in the processing log under its name (the path only: a hub's query carries the token).</summary>
    public async Task RecordUse(Actor caller, string sessionId, string method, string path, int status, string action, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var id = long.Parse(sessionId.AsSpan("svc-".Length), CultureInfo.InvariantCulture);
        await audit.InTransaction(async (connection, transaction) =>
        {
            await connection.Execute(transaction, "UPDATE service_token SET last_used_at = @now WHERE id = @id",
                cancellationToken, ("@now", now.ToUnixTimeMilliseconds()), ("@id", id));
            await AuditLog.Append(connection, transaction, AuditRecord.Of(caller, now, action, "service-token/" + id,
                new { method, path, status }), cancellationToken);
        }, cancellationToken);
    }

    private static async Task<bool> Exists(DbConnection connection, DbTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM service_token WHERE name = @name";
        command.AddParameter("@name", name);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }
}
