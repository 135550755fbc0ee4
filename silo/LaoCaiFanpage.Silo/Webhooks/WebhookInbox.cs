using System.Data.Common;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using LaoCaiFanpage.Grains.Storage;

namespace LaoCaiFanpage.Silo.Webhooks;

/// <summary>A delivery taken into the inbox and not yet applied to the cases.</summary>
public sealed record InboxDelivery(long Receipt, DateTimeOffset ReceivedAt, byte[] Body, int Attempts);

/// <summary>What became of one delivery: <c>pending</c> (with the attempts and last error, if it failed) or <c>processed</c>.</summary>
public sealed record InboxReceipt(
    long Receipt,
    string Status,
    DateTimeOffset ReceivedAt,
    int Changes,
    int Ignored,
    int? Stored,
    int? Duplicates,
    int Attempts,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? ProcessedAt);

/// <summary>A delivery with parts in quarantine: what was left out of it, where and why.</summary>
public sealed record QuarantinedDelivery(long Receipt, DateTimeOffset ReceivedAt, IReadOnlyList<QuarantinedPart> Parts, DateTimeOffset? RetriedAt);

/// <summary>The inbox as an operator sees it: what waits, what keeps failing, how old the oldest waiting delivery is.</summary>
public sealed record InboxBacklog(long Pending, long Failing, DateTimeOffset? OldestPendingReceivedAt, long ProcessedLastHour);

/// <summary>
/// The durable webhook inbox (<c>webhook_inbox</c>, 0009-webhook-inbox.sql / 0011 on PostgreSQL): deliveries are
/// appended before Meta gets its 200 and marked processed once their changes are in the case grains.
/// </summary>
public sealed class WebhookInbox(FanpageDatabase database, WriteGate gate)
{
    private const int MaxCompletions = 512;

    // Completions share the writer's transaction with the cases' own rows (see WriteGate.Shared).
    private readonly SharedWrites<(Outcome Outcome, long At)> _completions = gate.Shared<(Outcome Outcome, long At)>(WriteCompletions, MaxCompletions);

    public sealed class NewDelivery(DateTimeOffset receivedAt, string owner, string? remoteIp, byte[] body, int changes, int ignored, IReadOnlyList<QuarantinedPart>? quarantined = null)
    {
        /// <summary>The parts the parser could not apply (null when there are none).</summary>
        public string? Quarantine { get; } = quarantined is { Count: > 0 } parts ? JsonSerializer.Serialize(parts, QuarantineJson) : null;

        public DateTimeOffset ReceivedAt { get; } = receivedAt;

        public string Owner { get; } = owner;

        public string? RemoteIp { get; } = remoteIp;

        public byte[] Body { get; } = body;

        public int Changes { get; } = changes;

        public int Ignored { get; } = ignored;

        /// <summary>Set when the row is committed.</summary>
        public long Receipt { get; internal set; }
    }

    public sealed record Outcome(long Receipt, int Stored, int Duplicates);

    /// <summary>
    /// Appends the deliveries in one transaction and sets their receipts. Meta waits on this write, so on SQLite it
    /// goes before the writes queued for the single writer, in a transaction of its own: in a shared one
    /// (<see cref="WriteGate.Shared{T}"/>) the acknowledgement would wait for the cases' rows as well.
    /// </summary>
    public Task Append(IReadOnlyList<NewDelivery> deliveries) => gate.RunFirst(async () =>
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO webhook_inbox (received_at, owner, remote_ip, body, changes, ignored, next_attempt_at, quarantine)
            VALUES (@received, @owner, @ip, @body, @changes, @ignored, @received, @quarantine)
            RETURNING id
            """;
        var received = insert.AddParameter("received", System.Data.DbType.Int64);
        var owner = insert.AddParameter("owner", System.Data.DbType.String);
        var ip = insert.AddParameter("ip", System.Data.DbType.String);
        var body = insert.AddParameter("body", System.Data.DbType.Binary);
        var changes = insert.AddParameter("changes", System.Data.DbType.Int32);
        var ignored = insert.AddParameter("ignored", System.Data.DbType.Int32);
        var quarantine = insert.AddParameter("quarantine", System.Data.DbType.String);
        var receipts = new long[deliveries.Count];
        for (var i = 0; i < deliveries.Count; i++)
        {
            var delivery = deliveries[i];
            received.Value = delivery.ReceivedAt.ToUnixTimeMilliseconds();
            owner.Value = delivery.Owner;
            ip.Value = (object?)delivery.RemoteIp ?? DBNull.Value;
            body.Value = delivery.Body;
            changes.Value = delivery.Changes;
            ignored.Value = delivery.Ignored;
            quarantine.Value = (object?)delivery.Quarantine ?? DBNull.Value;
            receipts[i] = Convert.ToInt64(await insert.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        await transaction.CommitAsync();
        // Only a committed row is a receipt.
        for (var i = 0; i < deliveries.Count; i++)
        {
            deliveries[i].Receipt = receipts[i];
        }
    });

    /// <summary>Marks deliveries processed at <paramref name="at"/>, with what their changes did; done once committed.</summary>
    public Task Complete(IReadOnlyList<Outcome> outcomes, DateTimeOffset at) =>
        Task.WhenAll(outcomes.Select(outcome => _completions.Add((outcome, at.ToUnixTimeMilliseconds()))));

    private static async Task WriteCompletions(DbConnection connection, DbTransaction transaction, IReadOnlyList<(Outcome Outcome, long At)> completions)
    {
        await using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = """
            UPDATE webhook_inbox SET processed_at = @at, stored = @stored, duplicates = @duplicates,
                                     attempts = attempts + 1, last_error = NULL
            WHERE id = @id AND processed_at IS NULL
            """;
        var at = update.AddParameter("at", System.Data.DbType.Int64);
        var stored = update.AddParameter("stored", System.Data.DbType.Int32);
        var duplicates = update.AddParameter("duplicates", System.Data.DbType.Int32);
        var id = update.AddParameter("id", System.Data.DbType.Int64);
        foreach (var (outcome, processedAt) in completions)
        {
            (at.Value, stored.Value, duplicates.Value, id.Value) = (processedAt, outcome.Stored, outcome.Duplicates, outcome.Receipt);
            await update.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Records a failed attempt; the delivery stays pending until <paramref name="nextAttemptAt"/>.</summary>
    public Task Failed(long receipt, string error, DateTimeOffset nextAttemptAt) => gate.Run(async () =>
    {
        await using var connection = await database.OpenAsync();
        await using var update = connection.CreateCommand();
        update.CommandText = """
            UPDATE webhook_inbox SET attempts = attempts + 1, last_error = @error, next_attempt_at = @next
            WHERE id = @id AND processed_at IS NULL
            """;
        update.AddParameter("error", error.Length <= 2000 ? error : error[..2000]);
        update.AddParameter("next", nextAttemptAt.ToUnixTimeMilliseconds());
        update.AddParameter("id", receipt);
        await update.ExecuteNonQueryAsync();
    });

    /// <summary>The silos that hold pending deliveries.</summary>
    public async Task<IReadOnlyList<string>> PendingOwners(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT DISTINCT owner FROM webhook_inbox WHERE processed_at IS NULL";
        var owners = new List<string>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            owners.Add(reader.GetString(0));
        }

        return owners;
    }

    /// <summary>
    /// Takes over up to <paramref name="limit"/> of a departed silo's pending deliveries received before
    /// <paramref name="receivedBefore"/>, oldest first, and returns them. Two survivors may try at once: each row
    /// moves to one of them (the owner is checked again on the row being changed).
    /// </summary>
    public Task<IReadOnlyList<InboxDelivery>> Adopt(string from, string to, DateTimeOffset receivedBefore, int limit) => gate.Run(async () =>
    {
        await using var connection = await database.OpenAsync();
        await using var update = connection.CreateCommand();
        update.CommandText = """
            UPDATE webhook_inbox SET owner = @to
            WHERE owner = @from AND processed_at IS NULL AND id IN
                (SELECT id FROM webhook_inbox
                 WHERE owner = @from AND processed_at IS NULL AND received_at < @before
                 ORDER BY id LIMIT @limit)
            RETURNING id, received_at, body, attempts
            """;
        update.AddParameter("to", to);
        update.AddParameter("from", from);
        update.AddParameter("before", receivedBefore.ToUnixTimeMilliseconds());
        update.AddParameter("limit", limit);
        var adopted = new List<InboxDelivery>();
        await using var reader = await update.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            adopted.Add(new InboxDelivery(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), (byte[])reader.GetValue(2), reader.GetInt32(3)));
        }

        return (IReadOnlyList<InboxDelivery>)[.. adopted.OrderBy(d => d.Receipt)];
    });

    public async Task<InboxReceipt?> Find(long receipt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT id, received_at, changes, ignored, stored, duplicates, attempts, last_error, next_attempt_at, processed_at
            FROM webhook_inbox WHERE id = @id
            """;
        select.AddParameter("id", receipt);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var processed = reader.IsDBNull(9) ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9));
        return new InboxReceipt(
            reader.GetInt64(0),
            processed is null ? "pending" : "processed",
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
            reader.GetInt32(2),
            reader.GetInt32(3),
            reader.IsDBNull(4) ? null : reader.GetInt32(4),
            reader.IsDBNull(5) ? null : reader.GetInt32(5),
            reader.GetInt32(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            processed is null ? DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)) : null,
            processed);
    }

    public async Task<InboxBacklog> Backlog(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT COUNT(*), COALESCE(SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0), MIN(received_at)
            FROM webhook_inbox WHERE processed_at IS NULL
            """;
        long pending, failing;
        long? oldest;
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (pending, failing, oldest) = (reader.GetInt64(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), reader.IsDBNull(2) ? null : reader.GetInt64(2));
        }

        await using var recent = connection.CreateCommand();
        recent.CommandText = "SELECT COUNT(*) FROM webhook_inbox WHERE processed_at IS NOT NULL AND processed_at >= @since";
        recent.AddParameter("since", now.AddHours(-1).ToUnixTimeMilliseconds());
        var processed = Convert.ToInt64(await recent.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        return new InboxBacklog(pending, failing, oldest is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null, processed);
    }

    internal static readonly JsonSerializerOptions QuarantineJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>Deliveries with parts still in quarantine, newest first, and how many there are.</summary>
    public async Task<(IReadOnlyList<QuarantinedDelivery> Items, long Total)> Quarantined(int page, int pageSize, CancellationToken cancellationToken)
    {
        var total = await QuarantineCount(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT id, received_at, quarantine, quarantine_retried_at FROM webhook_inbox
            WHERE quarantine IS NOT NULL AND quarantine_cleared_at IS NULL
            ORDER BY id DESC LIMIT @limit OFFSET @offset
            """;
        select.AddParameter("limit", pageSize);
        select.AddParameter("offset", (long)(page - 1) * pageSize);
        var items = new List<QuarantinedDelivery>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new QuarantinedDelivery(
                reader.GetInt64(0),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                JsonSerializer.Deserialize<List<QuarantinedPart>>(reader.GetString(2), QuarantineJson) ?? [],
                reader.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return (items, total);
    }

    /// <summary>When the newest delivery arrived (any silo), or null when none ever did.</summary>
    public async Task<DateTimeOffset?> LastReceivedAt(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT MAX(received_at) FROM webhook_inbox";
        return await select.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull
            ? DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(value, CultureInfo.InvariantCulture))
            : null;
    }

    public async Task<long> QuarantineCount(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM webhook_inbox WHERE quarantine IS NOT NULL AND quarantine_cleared_at IS NULL";
        return Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>A delivery's exact bytes and when it arrived, while it has parts in quarantine; null otherwise.</summary>
    public async Task<InboxDelivery?> FindQuarantined(long receipt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT id, received_at, body, attempts FROM webhook_inbox
            WHERE id = @id AND quarantine IS NOT NULL AND quarantine_cleared_at IS NULL
            """;
        select.AddParameter("id", receipt);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new InboxDelivery(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), (byte[])reader.GetValue(2), reader.GetInt32(3))
            : null;
    }

    /// <summary>Records a retry: the parts still left out, or none (the quarantine is then cleared).</summary>
    public Task Retried(long receipt, IReadOnlyList<QuarantinedPart> remaining, DateTimeOffset at) => gate.Run(async () =>
    {
        await using var connection = await database.OpenAsync();
        await using var update = connection.CreateCommand();
        update.CommandText = remaining.Count == 0
            ? "UPDATE webhook_inbox SET quarantine_retried_at = @at, quarantine_cleared_at = @at WHERE id = @id"
            : "UPDATE webhook_inbox SET quarantine = @quarantine, quarantine_retried_at = @at WHERE id = @id";
        if (remaining.Count > 0)
        {
            update.AddParameter("quarantine", JsonSerializer.Serialize(remaining, QuarantineJson));
        }

        update.AddParameter("at", at.ToUnixTimeMilliseconds());
        update.AddParameter("id", receipt);
        await update.ExecuteNonQueryAsync();
    });

    /// <summary>
    /// Deletes deliveries processed before <paramref name="before"/>; pending ones, and those with parts still in
    /// quarantine, are never deleted.
    /// </summary>
    public Task<int> Purge(DateTimeOffset before) => gate.Run(async () =>
    {
        await using var connection = await database.OpenAsync();
        await using var delete = connection.CreateCommand();
        delete.CommandText = """
            DELETE FROM webhook_inbox
            WHERE processed_at IS NOT NULL AND processed_at < @before AND (quarantine IS NULL OR quarantine_cleared_at IS NOT NULL)
            """;
        delete.AddParameter("before", before.ToUnixTimeMilliseconds());
        return await delete.ExecuteNonQueryAsync();
    });
}
