using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LaoCaiFanpage.Contracts.Accounts;
using LaoCaiFanpage.Contracts.Security;
using LaoCaiFanpage.Grains.Audit;
using LaoCaiFanpage.Grains.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace LaoCaiFanpage.Silo.Crisis;

/// <summary>A registered monitoring system as administrators see it (never its secret).</summary>
public sealed record SignalSourceView(long Id, string Name, int? SeverityCap, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RotatedAt,
    DateTimeOffset? PreviousSecretValidUntil, DateTimeOffset? DisabledAt, string? DisabledBy, DateTimeOffset? LastSignalAt, long Signals);

/// <summary>A source whose signature checked out: who sent the signal, and the most serious level it may raise.</summary>
public sealed record VerifiedSource(long Id, string Name, int? SeverityCap);

/// <summary>A signal id the source had sent before: when, and the crisis it went to (null while it is still being applied).</summary>
public sealed record EarlierSignal(DateTimeOffset ReceivedAt, string? CrisisId);

/// <summary>
/// The Department's and partners' monitoring systems that push crisis signals (0014-machines.sql): registered with
/// a secret shown once, rotated with an overlap, disabled; each signal id kept so a second delivery changes nothing.
/// Secrets are encrypted with the service's key ring, because checking an HMAC needs the secret itself.
/// </summary>
public sealed class SignalSourceStore(FanpageDatabase database, AuditLog audit, TimeProvider time, IDataProtectionProvider protection)
{
    private readonly IDataProtector _secrets = protection.CreateProtector("LaoCaiFanpage.Crisis.SignalSources");

    /// <summary>Registers a source; null when the name is taken. The secret is returned this once.</summary>
    public async Task<(SignalSourceView Source, string Secret)?> Register(string name, int? severityCap, Actor actor, CancellationToken cancellationToken = default)
    {
        var secret = SecretTokens.New();
        var now = time.GetUtcNow();
        var id = await audit.InTransaction(async (connection, transaction) =>
        {
            await using (var check = connection.CreateCommand())
            {
                check.Transaction = transaction;
                check.CommandText = "SELECT COUNT(*) FROM signal_source WHERE name = @name";
                check.AddParameter("@name", name);
                if (Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0)
                {
                    return (long?)null;
                }
            }

            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO signal_source (name, severity_cap, secret, created_at, created_by) VALUES (@name, @cap, @secret, @now, @by) RETURNING id
                """;
            insert.AddParameter("@name", name);
            insert.AddParameter("@cap", (object?)severityCap ?? DBNull.Value);
            insert.AddParameter("@secret", _secrets.Protect(secret));
            insert.AddParameter("@now", now.ToUnixTimeMilliseconds());
            insert.AddParameter("@by", actor.Name);
            var sourceId = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            await AuditLog.Append(connection, transaction, AuditRecord.Of(actor, now, "signal-source.registered", Target(sourceId), new { name, severityCap }),
                cancellationToken);
            return sourceId;
        }, cancellationToken);
        return id is null ? null : (new SignalSourceView(id.Value, name, severityCap, now, actor.Name, null, null, null, null, null, 0), secret);
    }

    public async Task<IReadOnlyList<SignalSourceView>> List(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT s.id, s.name, s.severity_cap, s.created_at, s.created_by, s.rotated_at, s.previous_until, s.disabled_at, s.disabled_by, s.last_signal_at,
                   (SELECT COUNT(*) FROM source_signal g WHERE g.source_id = s.id AND g.crisis_id IS NOT NULL)
            FROM signal_source s ORDER BY s.id
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sources = new List<SignalSourceView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sources.Add(new SignalSourceView(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture),
                reader.GetInstant(3)!.Value, reader.GetString(4), reader.GetInstant(5), reader.GetInstant(6),
                reader.GetInstant(7), reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetInstant(9),
                Convert.ToInt64(reader.GetValue(10), CultureInfo.InvariantCulture)));
        }

        return sources;
    }

    /// <summary>
    /// A new secret for a live source; the one it replaces is still accepted for <paramref name="overlap"/>, so the
    /// sender can switch without losing a signal. Null when there is no such live source.
    /// </summary>
    public async Task<(string Secret, DateTimeOffset PreviousValidUntil)?> Rotate(long id, TimeSpan overlap, Actor actor, CancellationToken cancellationToken = default)
    {
        var secret = SecretTokens.New();
        var now = time.GetUtcNow();
        var until = now + overlap;
        var rotated = await audit.InTransaction(async (connection, transaction) =>
        {
            if (await connection.Execute(transaction, """
                UPDATE signal_source SET previous_secret = secret, previous_until = @until, secret = @secret, rotated_at = @now
                WHERE id = @id AND disabled_at IS NULL
                """, cancellationToken, ("@until", until.ToUnixTimeMilliseconds()), ("@secret", _secrets.Protect(secret)), ("@now", now.ToUnixTimeMilliseconds()), ("@id", id)) == 0)
            {
                return false;
            }

            await AuditLog.Append(connection, transaction, AuditRecord.Of(actor, now, "signal-source.rotated", Target(id), new { previousValidUntil = until }),
                cancellationToken);
            return true;
        }, cancellationToken);
        return rotated ? (secret, until) : null;
    }

    /// <summary>Disables a source: nothing it sends is accepted any more. False when there is no such live source.</summary>
    public async Task<bool> Disable(long id, Actor actor, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return await audit.InTransaction(async (connection, transaction) =>
        {
            if (await connection.Execute(transaction, "UPDATE signal_source SET disabled_at = @now, disabled_by = @by WHERE id = @id AND disabled_at IS NULL",
                cancellationToken, ("@now", now.ToUnixTimeMilliseconds()), ("@by", actor.Name), ("@id", id)) == 0)
            {
                return false;
            }

            await AuditLog.Append(connection, transaction, AuditRecord.Of(actor, now, "signal-source.disabled", Target(id), new { }), cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// The live source whose secret (or, during a rotation's overlap, previous secret) signed these bytes; null for
    /// an unknown or disabled source or a signature that does not match.
    /// </summary>
    public async Task<VerifiedSource?> Verify(long id, ReadOnlyMemory<byte> signedBytes, string? signature, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, severity_cap, secret, previous_secret, previous_until FROM signal_source WHERE id = @id AND disabled_at IS NULL";
        command.AddParameter("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var secrets = new List<string> { reader.GetString(2) };
        if (!reader.IsDBNull(3) && !reader.IsDBNull(4) && reader.GetInt64(4) > now)
        {
            secrets.Add(reader.GetString(3));
        }

        foreach (var secret in secrets)
        {
            if (HmacSignature.IsValid(_secrets.Unprotect(secret), signedBytes.Span, signature))
            {
                return new VerifiedSource(id, reader.GetString(0), reader.IsDBNull(1) ? null : Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    /// <summary>
    /// Claims a signal id for the source before it is applied: null when it is new (now claimed), or what was
    /// received under that id before (the delivery then changes nothing).
    /// </summary>
    public async Task<EarlierSignal?> Claim(long sourceId, string signalId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return await audit.InTransaction(async (connection, transaction) =>
        {
            await using (var earlier = connection.CreateCommand())
            {
                earlier.Transaction = transaction;
                earlier.CommandText = "SELECT received_at, crisis_id FROM source_signal WHERE source_id = @source AND signal_id = @signal";
                earlier.AddParameter("@source", sourceId);
                earlier.AddParameter("@signal", signalId);
                await using var reader = await earlier.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    return new EarlierSignal(reader.GetInstant(0)!.Value, reader.IsDBNull(1) ? null : reader.GetString(1));
                }
            }

            await connection.Execute(transaction, """
                INSERT INTO source_signal (source_id, signal_id, received_at, body_sha256) VALUES (@source, @signal, @now, @digest)
                """, cancellationToken, ("@source", sourceId), ("@signal", signalId), ("@now", now.ToUnixTimeMilliseconds()),
                ("@digest", Convert.ToHexStringLower(SHA256.HashData(body.Span))));
            return (EarlierSignal?)null;
        }, cancellationToken);
    }

    /// <summary>The signal reached its crisis: recorded with the audit row that names the source.</summary>
    public Task Applied(VerifiedSource source, string signalId, string crisisId, Actor actor, object details, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return audit.InTransaction(async (connection, transaction) =>
        {
            await connection.Execute(transaction, "UPDATE source_signal SET crisis_id = @crisis WHERE source_id = @source AND signal_id = @signal",
                cancellationToken, ("@crisis", crisisId), ("@source", source.Id), ("@signal", signalId));
            await connection.Execute(transaction, "UPDATE signal_source SET last_signal_at = @now WHERE id = @id",
                cancellationToken, ("@now", now.ToUnixTimeMilliseconds()), ("@id", source.Id));
            await AuditLog.Append(connection, transaction, AuditRecord.Of(actor, now, "signal-source.signal", Target(source.Id), details), cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Applying the signal failed: the id is released, so the sender's retry is taken.</summary>
    public Task Release(long sourceId, string signalId) =>
        audit.InTransaction((connection, transaction) => connection.Execute(transaction,
            "DELETE FROM source_signal WHERE source_id = @source AND signal_id = @signal AND crisis_id IS NULL",
            CancellationToken.None, ("@source", sourceId), ("@signal", signalId)));

    /// <summary>The bytes a source signs: its <c>X-Timestamp</c>, a full stop, then the body exactly as sent.</summary>
    public static byte[] SignedBytes(string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return signed;
    }

    private static string Target(long id) => "signal-source/" + id.ToString(CultureInfo.InvariantCulture);
}
