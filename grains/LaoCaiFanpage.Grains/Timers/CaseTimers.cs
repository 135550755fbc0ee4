using System.Data.Common;
using LaoCaiFanpage.Grains.Storage;

namespace LaoCaiFanpage.Grains.Timers;

/// <summary>
/// The cases' durable wake-ups (table <c>case_timer</c>): when each case must next be woken to move its clocks or
/// retry a hand-over. Writes from many cases are grouped (group commit), and on SQLite they share their transaction
/// with the catalogue's rows and the grain states written at the same time (<see cref="WriteGate.Shared{T}"/>).
/// </summary>
public sealed class CaseTimers(FanpageDatabase database, WriteGate gate)
{
    private const int MaxBatch = 512;

    private readonly SharedWrites<WakeUp> _writes = gate.Shared<WakeUp>(Write, MaxBatch);

    /// <summary>Sets when <paramref name="caseId"/> is next woken (releasing any claim on it), or forgets it when <paramref name="wakeAt"/> is null.</summary>
    public Task Schedule(string caseId, DateTimeOffset? wakeAt, CancellationToken cancellationToken = default)
    {
        return _writes.Add(new WakeUp(caseId, wakeAt?.ToUnixTimeMilliseconds()), cancellationToken);
    }

    /// <summary>When the case will next be woken, or null when it has no wake-up.</summary>
    public async Task<DateTimeOffset?> WakeAt(string caseId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT wake_at FROM case_timer WHERE case_id = @id";
        command.AddParameter("@id", caseId);
        return await command.ExecuteScalarAsync(cancellationToken) is long at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null;
    }

    /// <summary>Whether any unclaimed wake-up is due at <paramref name="now"/> (a read: the sweep's idle check takes no write lock).</summary>
    public async Task<bool> AnyDue(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT 1 FROM case_timer
            WHERE wake_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
            LIMIT 1
            """;
        command.AddParameter("@now", now.ToUnixTimeMilliseconds());
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due wake-ups until <paramref name="claimUntil"/>, most overdue first. On
    /// PostgreSQL rows another silo is claiming at the same moment are skipped, not waited for.
    /// </summary>
    public Task<IReadOnlyList<string>> Claim(DateTimeOffset now, DateTimeOffset claimUntil, int limit, CancellationToken cancellationToken = default) =>
        gate.Run<IReadOnlyList<string>>(async () =>
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                UPDATE case_timer SET claimed_until = @until
                WHERE case_id IN (
                    SELECT case_id FROM case_timer
                    WHERE wake_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
                    ORDER BY wake_at
                    LIMIT @limit{(database.Dialect == SqlDialect.Postgres ? " FOR UPDATE SKIP LOCKED" : string.Empty)})
                RETURNING case_id
                """;
            command.AddParameter("@now", now.ToUnixTimeMilliseconds());
            command.AddParameter("@until", claimUntil.ToUnixTimeMilliseconds());
            command.AddParameter("@limit", limit);
            var claimed = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(reader.GetString(0));
            }

            return claimed;
        }, cancellationToken);

    private static async Task Write(DbConnection connection, DbTransaction transaction, IReadOnlyList<WakeUp> batch)
    {
        await using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = """
            INSERT INTO case_timer (case_id, wake_at, claimed_until) VALUES (@id, @at, NULL)
            ON CONFLICT (case_id) DO UPDATE SET wake_at = excluded.wake_at, claimed_until = NULL
            """;
        var upsertId = upsert.AddParameter("@id", System.Data.DbType.String);
        var upsertAt = upsert.AddParameter("@at", System.Data.DbType.Int64);
        await using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM case_timer WHERE case_id = @id";
        var deleteId = delete.AddParameter("@id", System.Data.DbType.String);

        // In order: a case's later wake-up in the same batch is the one that stays.
        foreach (var wakeUp in batch)
        {
            if (wakeUp.At is { } at)
            {
                upsertId.Value = wakeUp.CaseId;
                upsertAt.Value = at;
                await upsert.ExecuteNonQueryAsync();
            }
            else
            {
                deleteId.Value = wakeUp.CaseId;
                await delete.ExecuteNonQueryAsync();
            }
        }
    }

    private sealed record WakeUp(string CaseId, long? At);
}
