using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using LaoCaiFanpage.Grains.Storage;

namespace LaoCaiFanpage.Grains.Audit;

/// <summary>
/// The processing log in the embedded profile's database (0005-audit-log.sql): appending inside the
/// caller's transaction, sealing rows into the keyed hash chain, exporting signed checkpoints of its head,
/// verifying the chain (against the checkpoints, and every purge against the retention), purging past the
/// retention, and reading it back.
/// </summary>
public sealed class AuditLog(FanpageDatabase database, WriteGate gate, AuditChainKey? chainKey = null, int retentionDays = 730)
{
    private const string Columns = "id, occurred_at, actor, ip, user_agent, action, target, details, chain_seq, hash";

    private readonly Channel<bool> _appended = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Appends a row in the caller's transaction: it commits with the change it records, or not at all.</summary>
    public static async Task Append(DbConnection connection, DbTransaction transaction, AuditRecord record, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO audit_log (occurred_at, actor, ip, user_agent, action, target, details)
            VALUES (@at, @actor, @ip, @ua, @action, @target, @details)
            """;
        command.AddParameter("@at", record.At.ToUnixTimeMilliseconds());
        command.AddParameter("@actor", record.Actor);
        command.AddParameter("@ip", record.Ip);
        command.AddParameter("@ua", Truncate(record.UserAgent, 512));
        command.AddParameter("@action", record.Action);
        command.AddParameter("@target", record.Target);
        command.AddParameter("@details", record.Details);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Appends a row on its own (an event that changes nothing else, such as a failed sign-in).</summary>
    public async Task Append(AuditRecord record, CancellationToken cancellationToken = default)
    {
        await InTransaction((connection, transaction) => Append(connection, transaction, record, cancellationToken), cancellationToken);
    }

    /// <summary>Runs a write and its audit rows in one transaction, queued behind the file's other writers.</summary>
    public async Task<T> InTransaction<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        var result = await gate.Run(async () =>
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = (DbTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var value = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return value;
        }, cancellationToken);
        NotifyAppended();
        return result;
    }

    public Task InTransaction(Func<DbConnection, DbTransaction, Task> work, CancellationToken cancellationToken = default) =>
        InTransaction(async (c, t) =>
        {
            await work(c, t);
            return true;
        }, cancellationToken);

    /// <summary>Tells the sealer that rows are waiting (grain-written rows are found by its timer).</summary>
    public void NotifyAppended()
    {
        // A full channel means the sealer has already been told.
        _appended.Writer.TryWrite(true);
    }

    public async Task WaitForAppend(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await _appended.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The interval passed: look anyway (rows written by grains do not signal).
        }
    }

    /// <summary>Chains every unsealed row, oldest first; returns how many it sealed.</summary>
    public async Task<int> Seal(CancellationToken cancellationToken = default)
    {
        // A read first: the idle sealer's rounds must not take the file's write lock every few seconds.
        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var any = connection.CreateCommand())
        {
            any.CommandText = "SELECT 1 FROM audit_log WHERE chain_seq IS NULL LIMIT 1";
            if (await any.ExecuteScalarAsync(cancellationToken) is null)
            {
                return 0;
            }
        }

        return await SealPending(cancellationToken);
    }

    private Task<int> SealPending(CancellationToken cancellationToken) =>
        gate.Run(async () =>
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var transaction = (DbTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var chain = await ReadChain(connection, transaction, cancellationToken);
            var rows = new List<AuditRow>();
            await using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = $"SELECT {Columns} FROM audit_log WHERE chain_seq IS NULL ORDER BY id LIMIT 2000";
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add(Read(reader));
                }
            }

            if (rows.Count == 0)
            {
                return 0;
            }

            var (seq, hash) = (chain.HeadSeq, chain.HeadHash);
            var keyedFrom = chain.KeyedFrom;
            if (chainKey is not null && keyedFrom is null)
            {
                // The first rows sealed with a key: from here on every link needs it.
                keyedFrom = seq + 1;
            }

            await using (var update = connection.CreateCommand())
            {
                update.Transaction = transaction;
                update.CommandText = "UPDATE audit_log SET chain_seq = @seq, hash = @hash WHERE id = @id";
                var pSeq = update.AddParameter("@seq", System.Data.DbType.Int64);
                var pHash = update.AddParameter("@hash", System.Data.DbType.String);
                var pId = update.AddParameter("@id", System.Data.DbType.Int64);
                foreach (var row in rows)
                {
                    seq++;
                    hash = AuditHash.Compute(KeyFor(seq, keyedFrom), hash, seq, row);
                    (pSeq.Value, pHash.Value, pId.Value) = (seq, hash, row.Id);
                    await update.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await using (var head = connection.CreateCommand())
            {
                head.Transaction = transaction;
                head.CommandText = "UPDATE audit_chain SET head_seq = @seq, head_hash = @hash, keyed_from = @keyed WHERE id = 1";
                head.AddParameter("@seq", seq);
                head.AddParameter("@hash", hash);
                head.AddParameter("@keyed", keyedFrom);
                await head.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return rows.Count;
        }, cancellationToken);

    /// <summary>Recomputes the whole chain: any edited, deleted, reordered or unsealed-again row is found.</summary>
    public async Task<AuditVerification> Verify(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // One read transaction: a snapshot, so rows sealed meanwhile do not confuse the walk.
        await using var transaction = await database.BeginSnapshotAsync(connection, cancellationToken);
        var chain = await ReadChain(connection, transaction, cancellationToken, forChange: false);
        if (chainKey is null && chain.KeyedFrom is not null)
        {
            return new(false, null, 0, 0, "The chain is keyed but this host has no chain key (Audit:ChainKeyFile).");
        }

        // The checkpoints exported outside the database: each must be signed with the key and agree with the chain.
        var checkpoints = chainKey is null ? [] : AuditCheckpoints.Read(chainKey.CheckpointDirectory);
        var expectedAt = new Dictionary<long, string>();
        foreach (var checkpoint in checkpoints)
        {
            if (checkpoint is null || !checkpoint.IsSignedWith(chainKey!.Key))
            {
                return new(false, null, 0, 0, "A checkpoint in the exported file is not signed with the chain key: the file was edited.");
            }

            if (checkpoint.KeyedFrom != chain.KeyedFrom)
            {
                return new(false, null, 0, 0, $"The chain says it was keyed from position {chain.KeyedFrom?.ToString(CultureInfo.InvariantCulture) ?? "(never)"}; the checkpoint of {checkpoint.At:u} says {checkpoint.KeyedFrom?.ToString(CultureInfo.InvariantCulture) ?? "(never)"}.");
            }

            if (checkpoint.Seq > chain.HeadSeq)
            {
                return new(false, null, 0, 0, $"A checkpoint of {checkpoint.At:u} saw the chain sealed up to position {checkpoint.Seq}; it now ends at {chain.HeadSeq}: the newest rows were removed.");
            }

            if (checkpoint.Seq == chain.AnchorSeq && checkpoint.Seq > 0 && !string.Equals(checkpoint.Hash, chain.AnchorHash, StringComparison.Ordinal))
            {
                return new(false, null, 0, 0, $"The chain's anchor at position {checkpoint.Seq} differs from the checkpoint of {checkpoint.At:u}.");
            }

            if (checkpoint.Seq > chain.AnchorSeq)
            {
                expectedAt[checkpoint.Seq] = checkpoint.Hash;
            }
        }

        var (expectedSeq, previous) = (chain.AnchorSeq + 1, chain.AnchorHash);
        long checkedRows = 0;
        long lastSealedId = 0;
        (long Seq, string Hash)? lastPurge = null;
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = $"SELECT {Columns} FROM audit_log WHERE chain_seq IS NOT NULL ORDER BY chain_seq";
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = Read(reader);
                if (row.ChainSeq != expectedSeq)
                {
                    return new(false, row.Id, checkedRows, 0, $"Row {row.Id} holds chain position {row.ChainSeq}, expected {expectedSeq}: rows are missing before it.");
                }

                var hash = AuditHash.Compute(KeyFor(expectedSeq, chain.KeyedFrom), previous, expectedSeq, row);
                if (!string.Equals(hash, row.Hash, StringComparison.Ordinal))
                {
                    return new(false, row.Id, checkedRows, 0, $"Row {row.Id} does not match its hash: it or an earlier row was changed.");
                }

                if (expectedAt.TryGetValue(expectedSeq, out var exported) && !string.Equals(exported, hash, StringComparison.Ordinal))
                {
                    return new(false, row.Id, checkedRows, 0, $"Row {row.Id} (position {expectedSeq}) differs from the exported checkpoint: the chain was rewritten.");
                }

                if (row.Action == PurgeAction)
                {
                    if (PurgeProblem(row) is { } problem)
                    {
                        return new(false, row.Id, checkedRows, 0, problem);
                    }

                    lastPurge = PurgedThrough(row);
                }

                (previous, expectedSeq, lastSealedId) = (hash, expectedSeq + 1, row.Id);
                checkedRows++;
            }
        }

        if (expectedSeq - 1 != chain.HeadSeq || !string.Equals(previous, chain.HeadHash, StringComparison.Ordinal))
        {
            return new(false, null, checkedRows, 0, $"The chain ends at position {expectedSeq - 1} but was sealed up to {chain.HeadSeq}: the newest rows are missing.");
        }

        // Rows before the anchor were removed by a purge that the chain itself records, and that purge was allowed.
        if (chain.AnchorSeq > 0 && (lastPurge is not { } purge || purge.Seq != chain.AnchorSeq
            || (purge.Hash.Length > 0 && !string.Equals(purge.Hash, chain.AnchorHash, StringComparison.Ordinal))))
        {
            return new(false, null, checkedRows, 0, $"The chain starts after position {chain.AnchorSeq} but no recorded purge removed the rows up to it.");
        }

        await using var unsealed = connection.CreateCommand();
        unsealed.Transaction = transaction;
        unsealed.CommandText = "SELECT MIN(id), COUNT(*) FROM audit_log WHERE chain_seq IS NULL";
        await using var pending = await unsealed.ExecuteReaderAsync(cancellationToken);
        await pending.ReadAsync(cancellationToken);
        var count = pending.GetInt64(1);
        // SQLite commits one writer at a time, so ids follow commit order: an unsealed row older than a
        // sealed one had its seal removed.
        if (count > 0 && pending.GetInt64(0) < lastSealedId)
        {
            return new(false, pending.GetInt64(0), checkedRows, count, $"Row {pending.GetInt64(0)} lost its seal.");
        }

        return new(true, null, checkedRows, count, null);
    }

    /// <summary>
    /// Deletes the oldest rows, sealed and older than <paramref name="cutoff"/>, in chain order (so a
    /// younger row is never removed), moves the anchor past them and records the purge itself.
    /// </summary>
    public async Task<int> Purge(DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await Seal(cancellationToken);
        var purged = await InTransaction(async (connection, transaction) =>
        {
            var chain = await ReadChain(connection, transaction, cancellationToken);
            long lastSeq = chain.AnchorSeq;
            string lastHash = chain.AnchorHash;
            var count = 0;
            await using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = "SELECT chain_seq, hash, occurred_at FROM audit_log WHERE chain_seq IS NOT NULL ORDER BY chain_seq";
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken) && reader.GetInt64(2) < cutoff.ToUnixTimeMilliseconds())
                {
                    (lastSeq, lastHash) = (reader.GetInt64(0), reader.GetString(1));
                    count++;
                }
            }

            if (count == 0)
            {
                return 0;
            }

            await using (var delete = connection.CreateCommand())
            {
                delete.Transaction = transaction;
                delete.CommandText = """
                    DELETE FROM audit_log WHERE chain_seq <= @seq;
                    UPDATE audit_chain SET anchor_seq = @seq, anchor_hash = @hash WHERE id = 1;
                    """;
                delete.AddParameter("@seq", lastSeq);
                delete.AddParameter("@hash", lastHash);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            var details = JsonSerializer.Serialize(
                new { rows = count, olderThan = Contracts.Time.VietnamTime.ToVietnam(cutoff), throughChainSeq = lastSeq, throughHash = lastHash, retentionDays },
                AuditJson.Options);
            await Append(connection, transaction, new AuditRecord(now, "system", null, null, PurgeAction, "audit", details), cancellationToken);
            return count;
        }, cancellationToken);
        await Seal(cancellationToken);
        return purged;
    }

    public async Task<AuditPage> Query(AuditQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        const string Filter = """
            WHERE (@from IS NULL OR occurred_at >= @from) AND (@to IS NULL OR occurred_at < @to)
              AND (@actor IS NULL OR actor = @actor) AND (@action IS NULL OR action = @action OR action LIKE @actionPrefix)
              AND (@target IS NULL OR target = @target)
            """;
        void Bind(DbCommand command)
        {
            command.AddParameter("@from", query.From?.ToUnixTimeMilliseconds());
            command.AddParameter("@to", query.To?.ToUnixTimeMilliseconds());
            command.AddParameter("@actor", query.Actor);
            command.AddParameter("@action", query.Action);
            // "case" matches case.assigned, case.coordination-requested, …
            command.AddParameter("@actionPrefix", query.Action is null ? null : query.Action.Replace("%", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal) + ".%");
            command.AddParameter("@target", query.Target);
        }

        long total;
        await using (var count = connection.CreateCommand())
        {
            count.CommandText = "SELECT COUNT(*) FROM audit_log " + Filter;
            Bind(count);
            total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var items = new List<AuditRow>();
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = $"SELECT {Columns} FROM audit_log {Filter} ORDER BY id DESC LIMIT @limit OFFSET @offset";
            Bind(select);
            select.AddParameter("@limit", query.PageSize);
            select.AddParameter("@offset", (long)(query.Page - 1) * query.PageSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(Read(reader));
            }
        }

        return new AuditPage(items, query.Page, query.PageSize, total);
    }

    /// <summary>Every row of a period, oldest first, streamed (a two-year export does not sit in memory).</summary>
    public async IAsyncEnumerable<AuditRow> Export(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = $"SELECT {Columns} FROM audit_log WHERE occurred_at >= @from AND occurred_at < @to ORDER BY id";
        select.AddParameter("@from", from.ToUnixTimeMilliseconds());
        select.AddParameter("@to", to.ToUnixTimeMilliseconds());
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read(reader);
        }
    }

    private const string PurgeAction = "audit.purged";

    private sealed record ChainState(long AnchorSeq, string AnchorHash, long HeadSeq, string HeadHash, long? KeyedFrom);

    /// <summary>The key a link at this position was computed with: none before the chain was keyed.</summary>
    private byte[]? KeyFor(long seq, long? keyedFrom) => keyedFrom is { } from && seq >= from ? chainKey?.Key : null;

    /// <summary>A purge is legitimate when what it removed was older than the retention at the time it ran.</summary>
    private string? PurgeProblem(AuditRow row)
    {
        try
        {
            using var details = System.Text.Json.JsonDocument.Parse(row.Details ?? "{}");
            var olderThan = details.RootElement.GetProperty("olderThan").GetDateTimeOffset();
            return olderThan > row.At.AddDays(-retentionDays).AddMinutes(1)
                ? $"The purge recorded in row {row.Id} removed rows up to {olderThan:u}, younger than the {retentionDays} days kept (R8.4c)."
                : null;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return $"The purge recorded in row {row.Id} does not say what it removed.";
        }
    }

    private static (long Seq, string Hash) PurgedThrough(AuditRow row)
    {
        using var details = System.Text.Json.JsonDocument.Parse(row.Details!);
        var root = details.RootElement;
        return (root.GetProperty("throughChainSeq").GetInt64(), root.TryGetProperty("throughHash", out var hash) ? hash.GetString() ?? "" : "");
    }

    /// <summary>Exports a signed checkpoint of the chain's head outside the database; null when nothing is sealed or there is no key.</summary>
    public async Task<AuditCheckpoint?> ExportCheckpoint(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (chainKey is null)
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginSnapshotAsync(connection, cancellationToken);
        var chain = await ReadChain(connection, transaction, cancellationToken, forChange: false);
        if (chain.HeadSeq == 0)
        {
            return null;
        }

        var checkpoint = new AuditCheckpoint(now, chain.HeadSeq, chain.HeadHash, chain.KeyedFrom,
            AuditCheckpoint.Sign(chainKey.Key, now, chain.HeadSeq, chain.HeadHash, chain.KeyedFrom));
        AuditCheckpoints.Append(chainKey.CheckpointDirectory, checkpoint);
        return checkpoint;
    }

    /// <summary>The chain's ends; <paramref name="forChange"/> locks the row, so hosts sealing at once take turns.</summary>
    private async Task<ChainState> ReadChain(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken, bool forChange = true)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT anchor_seq, anchor_hash, head_seq, head_hash, keyed_from FROM audit_chain WHERE id = 1" + (forChange ? database.ForUpdate : "");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new ChainState(0, AuditHash.Genesis, 0, AuditHash.Genesis, null);
        }

        return new ChainState(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt64(4));
    }

    private static AuditRow Read(DbDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new AuditRow(
            reader.GetInt64(0),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
            reader.GetString(2),
            Text(3),
            Text(4),
            reader.GetString(5),
            Text(6),
            Text(7),
            reader.IsDBNull(8) ? null : reader.GetInt64(8),
            Text(9));
    }

    private static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
