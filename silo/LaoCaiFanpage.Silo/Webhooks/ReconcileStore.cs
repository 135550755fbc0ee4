using LaoCaiFanpage.Grains.Storage;

namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>The reconciliation's record per page (<c>webhook_reconcile</c>, 0012-webhook-ingress.sql / 0014 on PostgreSQL).</summary>
public sealed class ReconcileStore(FanpageDatabase database, WriteGate gate)
{
    public sealed record State(DateTimeOffset? BackfilledAt, DateTimeOffset? LastStartedAt, DateTimeOffset? LastFinishedAt, string? LastResult);

    /// <summary>
    /// Claims this interval's run for this silo: true when no run started since <paramref name="startedBefore"/>
    /// (on a cluster one silo wins; the row is created on the first claim).
    /// </summary>
    public Task<bool> Claim(string pageId, DateTimeOffset now, DateTimeOffset startedBefore) => gate.Run(async () =>
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO webhook_reconcile (page_id, last_started_at) VALUES (@page, @now)
            ON CONFLICT (page_id) DO UPDATE SET last_started_at = excluded.last_started_at
            WHERE webhook_reconcile.last_started_at IS NULL OR webhook_reconcile.last_started_at < @before
            """;
        command.AddParameter("page", pageId);
        command.AddParameter("now", now.ToUnixTimeMilliseconds());
        command.AddParameter("before", startedBefore.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync() == 1;
    });

    public async Task<State> Read(string pageId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT backfilled_at, last_started_at, last_finished_at, last_result FROM webhook_reconcile WHERE page_id = @page";
        command.AddParameter("page", pageId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new State(null, null, null, null);
        }

        DateTimeOffset? At(int i) => reader.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(i));
        return new State(At(0), At(1), At(2), reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    /// <summary>Records a finished run; <paramref name="backfilled"/> marks the first full read done.</summary>
    public Task Finished(string pageId, DateTimeOffset at, bool backfilled, string result) => gate.Run(async () =>
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO webhook_reconcile (page_id, last_started_at, last_finished_at, last_result, backfilled_at)
            VALUES (@page, @at, @at, @result, CASE WHEN @backfilled = 1 THEN @at ELSE NULL END)
            ON CONFLICT (page_id) DO UPDATE SET last_finished_at = excluded.last_finished_at, last_result = excluded.last_result,
                backfilled_at = COALESCE(webhook_reconcile.backfilled_at, excluded.backfilled_at)
            """;
        command.AddParameter("page", pageId);
        command.AddParameter("at", at.ToUnixTimeMilliseconds());
        command.AddParameter("result", result.Length <= 2000 ? result : result[..2000]);
        command.AddParameter("backfilled", backfilled ? 1L : 0L);
        await command.ExecuteNonQueryAsync();
    });
}
