using System.Globalization;
using System.Runtime.CompilerServices;
using LaoCaiFanpage.Grains.Storage;
using System.Data.Common;

namespace LaoCaiFanpage.Silo.Audit;

/// <summary>
/// The processing log in the embedded profile's database (0005-audit-log.sql): appending inside the
/// caller's transaction, sealing rows into the hash chain, verifying the chain, purging past the
/// retention, and reading it back.
/// </summary>
public sealed class AuditLog(FanpageDatabase database, WriteGate gate)
{
    private const string Columns = "id, occurred_at, actor, ip, user_agent, action, target, details, chain_seq, hash";

    private readonly System.Threading.Channels.Channel<bool> _appended = System.Threading.Channels.Channel.CreateBounded<bool>(
        new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });

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
                    hash = AuditHash.Compute(hash, seq, row);
                    (pSeq.Value, pHash.Value, pId.Value) = (seq, hash, row.Id);
                    await update.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await using (var head = connection.CreateCommand())
            {
                head.Transaction = transaction;
                head.CommandText = "UPDATE audit_chain SET head_seq = @seq, head_hash = @hash WHERE id = 1";
                head.AddParameter("@seq", seq);
                head.AddParameter("@hash", hash);
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
        var (expectedSeq, previous) = (chain.AnchorSeq + 1, chain.AnchorHash);
        long checkedRows = 0;
        long lastSealedId = 0;
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

                var hash = AuditHash.Compute(previous, expectedSeq, row);
                if (!string.Equals(hash, row.Hash, StringComparison.Ordinal))
                {
                    return new(false, row.Id, checkedRows, 0, $"Row {row.Id} does not match its hash: it or an earlier row was changed.");
                }

                (previous, expectedSeq, lastSealedId) = (hash, expectedSeq + 1, row.Id);
                checkedRows++;
            }
        }

        if (expectedSeq - 1 != chain.HeadSeq || !string.Equals(previous, chain.HeadHash, StringComparison.Ordinal))
        {
            return new(false, null, checkedRows, 0, $"The chain ends at position {expectedSeq - 1} but was sealed up to {chain.HeadSeq}: the newest rows are missing.");
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

            var details = System.Text.Json.JsonSerializer.Serialize(
                new { rows = count, olderThan = Contracts.Time.VietnamTime.ToVietnam(cutoff), throughChainSeq = lastSeq }, LaoCaiFanpage.Grains.Audit.AuditJson.Options);
            await Append(connection, transaction, new AuditRecord(now, "system", null, null, "audit.purged", "audit", details), cancellationToken);
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

    private sealed record ChainState(long AnchorSeq, string AnchorHash, long HeadSeq, string HeadHash);

    /// <summary>The chain's ends; <paramref name="forChange"/> locks the row, so hosts sealing at once take turns.</summary>
    private async Task<ChainState> ReadChain(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken, bool forChange = true)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT anchor_seq, anchor_hash, head_seq, head_hash FROM audit_chain WHERE id = 1" + (forChange ? database.ForUpdate : "");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new ChainState(0, AuditHash.Genesis, 0, AuditHash.Genesis);
        }

        return new ChainState(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3));
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
