using System.Globalization;
using LaoCaiFanpage.Contracts.Fanpages;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Grains.Storage;
using Microsoft.Data.Sqlite;

namespace LaoCaiFanpage.Grains.Threads;

/// <summary>The case catalogue in the embedded profile's SQLite file (tables from 0002-case-catalog.sql).</summary>
public sealed class SqliteCaseCatalog(SqliteDatabase database, SqliteWriteGate gate) : ICaseCatalog
{
    private const int PreviewLength = 500;

    public Task Project(string threadId, CommentThreadState state, IReadOnlyCollection<string>? messageIds, CancellationToken cancellationToken = default) =>
        gate.Run(() => ProjectNow(threadId, state, messageIds, cancellationToken), cancellationToken);

    private async Task ProjectNow(string threadId, CommentThreadState state, IReadOnlyCollection<string>? messageIds, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);

        var messages = messageIds is null
            ? state.Messages.Values
            : messageIds.Distinct(StringComparer.Ordinal).Select(id => state.Messages[id]);
        foreach (var message in messages)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO message_index (message_id, case_id, page_id, channel, post_id, permalink, author_id,
                                           author_name, is_page, preview, created_at, received_at, removed)
                VALUES ($id, $case, $page, $channel, $post, $permalink, $author, $name, $isPage, $preview, $created, $received, $removed)
                ON CONFLICT (message_id) DO UPDATE SET
                    case_id = excluded.case_id, author_name = excluded.author_name, preview = excluded.preview,
                    created_at = excluded.created_at, received_at = excluded.received_at, removed = excluded.removed,
                    post_id = COALESCE(message_index.post_id, excluded.post_id),
                    permalink = COALESCE(message_index.permalink, excluded.permalink)
                """;
            command.Parameters.AddWithValue("$id", message.Id);
            command.Parameters.AddWithValue("$case", threadId);
            command.Parameters.AddWithValue("$page", state.PageId ?? string.Empty);
            command.Parameters.AddWithValue("$channel", ChannelName(message.Channel));
            command.Parameters.AddWithValue("$post", (object?)state.PostId ?? DBNull.Value);
            command.Parameters.AddWithValue("$permalink", (object?)state.Permalink ?? DBNull.Value);
            command.Parameters.AddWithValue("$author", message.AuthorId);
            command.Parameters.AddWithValue("$name", (object?)message.AuthorName ?? DBNull.Value);
            command.Parameters.AddWithValue("$isPage", message.IsPage ? 1 : 0);
            command.Parameters.AddWithValue("$preview", (object?)Preview(message.CurrentText) ?? DBNull.Value);
            command.Parameters.AddWithValue("$created", (message.CreatedAt ?? message.ReceivedAt).ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$received", message.ReceivedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$removed", message.RemovedAt is null ? 0 : 1);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        if (state.IsCase)
        {
            var snapshot = state.ToSnapshot(threadId);
            var root = state.RootMessage(threadId);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO case_index (case_id, page_id, channel, post_id, permalink, author_id, author_name, status,
                                        units, preview, message_count, created_at, received_at, last_activity_at)
                VALUES ($id, $page, $channel, $post, $permalink, $author, $name, $status, $units, $preview, $count,
                        $created, $received, $last)
                ON CONFLICT (case_id) DO UPDATE SET
                    post_id = excluded.post_id, permalink = excluded.permalink, author_id = excluded.author_id,
                    author_name = excluded.author_name, status = excluded.status, units = excluded.units,
                    preview = excluded.preview, message_count = excluded.message_count, created_at = excluded.created_at,
                    received_at = excluded.received_at, last_activity_at = excluded.last_activity_at
                """;
            command.Parameters.AddWithValue("$id", threadId);
            command.Parameters.AddWithValue("$page", snapshot.PageId);
            command.Parameters.AddWithValue("$channel", ChannelName(snapshot.Channel));
            command.Parameters.AddWithValue("$post", (object?)snapshot.PostId ?? DBNull.Value);
            command.Parameters.AddWithValue("$permalink", (object?)snapshot.Permalink ?? DBNull.Value);
            command.Parameters.AddWithValue("$author", (object?)snapshot.Author?.Id ?? DBNull.Value);
            command.Parameters.AddWithValue("$name", (object?)snapshot.Author?.Name ?? DBNull.Value);
            command.Parameters.AddWithValue("$status", snapshot.Status);
            command.Parameters.AddWithValue("$units", EncodeUnits(snapshot.Units));
            command.Parameters.AddWithValue("$preview", (object?)Preview(root?.CurrentText) ?? DBNull.Value);
            command.Parameters.AddWithValue("$count", snapshot.Messages.Count);
            command.Parameters.AddWithValue("$created", snapshot.CreatedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$received", snapshot.ReceivedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$last", snapshot.LastActivityAt.ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var clear = connection.CreateCommand())
        {
            clear.Transaction = transaction;
            clear.CommandText = "DELETE FROM sla_clock WHERE case_id = $case";
            clear.Parameters.AddWithValue("$case", threadId);
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var clock in state.Clocks)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO sla_clock (case_id, clock_id, page_id, kind, unit, state, started_at, due_soon_at, deadline, completed_at, next_at)
                VALUES ($case, $clock, $page, $kind, $unit, $state, $started, $dueSoon, $deadline, $completed, $next)
                """;
            command.Parameters.AddWithValue("$case", threadId);
            command.Parameters.AddWithValue("$clock", clock.Id);
            command.Parameters.AddWithValue("$page", state.PageId ?? string.Empty);
            command.Parameters.AddWithValue("$kind", clock.Kind);
            command.Parameters.AddWithValue("$unit", clock.Unit);
            command.Parameters.AddWithValue("$state", clock.State);
            command.Parameters.AddWithValue("$started", clock.StartedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$dueSoon", clock.DueSoonAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$deadline", clock.Deadline.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$completed", (object?)clock.CompletedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            command.Parameters.AddWithValue("$next", (object?)clock.NextTransitionAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> CasesWithPendingClocks(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT case_id FROM sla_clock WHERE next_at IS NOT NULL ORDER BY case_id";
        var cases = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            cases.Add(reader.GetString(0));
        }

        return cases;
    }

    public Task<IReadOnlyList<ClockRecord>> ClocksOfUnit(string unit, DateTimeOffset finishedSince, CancellationToken cancellationToken = default) =>
        ReadClocks(
            "WHERE unit = $key AND (completed_at IS NULL OR completed_at >= $since)",
            command =>
            {
                command.Parameters.AddWithValue("$key", unit);
                command.Parameters.AddWithValue("$since", finishedSince.ToUnixTimeMilliseconds());
            },
            cancellationToken);

    public Task<IReadOnlyList<ClockRecord>> UnfinishedClocks(string pageId, CancellationToken cancellationToken = default) =>
        ReadClocks("WHERE page_id = $key AND completed_at IS NULL", command => command.Parameters.AddWithValue("$key", pageId), cancellationToken);

    private async Task<IReadOnlyList<ClockRecord>> ReadClocks(string filter, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT case_id, clock_id, kind, unit, state, deadline, completed_at FROM sla_clock " + filter;
        bind(command);
        var clocks = new List<ClockRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            clocks.Add(new ClockRecord(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
        }

        return clocks;
    }

    public async Task<string?> FindCaseOfMessage(string messageId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT case_id FROM message_index WHERE message_id = $id";
        command.Parameters.AddWithValue("$id", messageId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<bool> CaseExists(string caseId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM case_index WHERE case_id = $id";
        command.Parameters.AddWithValue("$id", caseId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task<CasePage> ListCases(CaseQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        const string Filter = """
            WHERE ($status IS NULL OR status = $status)
              AND ($unit IS NULL OR instr(units, '|' || $unit || '|') > 0)
            """;

        int total;
        await using (var count = connection.CreateCommand())
        {
            count.CommandText = "SELECT COUNT(*) FROM case_index " + Filter;
            AddFilter(count, query);
            total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var items = new List<CaseSummary>();
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = """
                SELECT case_id, channel, page_id, post_id, permalink, author_id, author_name, status, units, preview,
                       message_count, created_at, received_at, last_activity_at
                FROM case_index
                """ + "\n" + Filter + """

                ORDER BY received_at DESC, case_id
                LIMIT $limit OFFSET $offset
                """;
            AddFilter(select, query);
            select.Parameters.AddWithValue("$limit", query.PageSize);
            select.Parameters.AddWithValue("$offset", (long)(query.Page - 1) * query.PageSize);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new CaseSummary(
                    reader.GetString(0),
                    ParseChannel(reader.GetString(1)),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : new Author(reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), false),
                    reader.GetString(7),
                    DecodeUnits(reader.GetString(8)),
                    reader.IsDBNull(9) ? null : reader.GetString(9),
                    reader.GetInt32(10),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(13))));
            }
        }

        return new CasePage(items, total, query.Page, query.PageSize);
    }

    public async Task<ActivitySeed> LoadActivity(string pageId, DateTimeOffset since, int feedSize, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var activity = new List<ActivityRecord>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT message_id, channel, post_id, is_page, created_at FROM message_index
                WHERE page_id = $page AND created_at >= $since
                """;
            command.Parameters.AddWithValue("$page", pageId);
            command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                activity.Add(new ActivityRecord(
                    reader.GetString(0),
                    ParseChannel(reader.GetString(1)),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetInt64(3) != 0,
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
            }
        }

        int open;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT COUNT(*) FROM case_index WHERE page_id = $page AND status <> 'closed'";
            command.Parameters.AddWithValue("$page", pageId);
            open = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var feed = new List<FeedItem>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT message_id, case_id, channel, author_id, author_name, is_page, preview, post_id, permalink,
                       created_at, received_at, removed
                FROM message_index WHERE page_id = $page
                ORDER BY received_at DESC, message_id LIMIT $limit
                """;
            command.Parameters.AddWithValue("$page", pageId);
            command.Parameters.AddWithValue("$limit", feedSize);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                feed.Add(new FeedItem(
                    reader.GetString(0),
                    reader.GetString(1),
                    ParseChannel(reader.GetString(2)),
                    reader.GetInt64(11) != 0 ? ThreadEventKind.Remove : ThreadEventKind.Add,
                    new Author(reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5) != 0),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
                    false));
            }
        }

        feed.Reverse();
        return new ActivitySeed(activity, open, feed);
    }

    public async Task Ping(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM OrleansQuery";
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) < 3)
        {
            throw new InvalidOperationException("The Orleans storage queries are missing from the database.");
        }
    }

    public static string ChannelName(MessageChannel channel) => channel switch
    {
        MessageChannel.Comment => "comment",
        MessageChannel.Post => "post",
        MessageChannel.Messenger => "messenger",
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    private static MessageChannel ParseChannel(string value) => value switch
    {
        "comment" => MessageChannel.Comment,
        "post" => MessageChannel.Post,
        "messenger" => MessageChannel.Messenger,
        _ => throw new InvalidDataException($"Unknown channel '{value}' in the case catalogue."),
    };

    private static void AddFilter(SqliteCommand command, CaseQuery query)
    {
        command.Parameters.AddWithValue("$status", (object?)query.Status ?? DBNull.Value);
        command.Parameters.AddWithValue("$unit", (object?)query.Unit ?? DBNull.Value);
    }

    private static string EncodeUnits(IReadOnlyList<string> units) => units.Count == 0 ? string.Empty : "|" + string.Join('|', units) + "|";

    private static string[] DecodeUnits(string units) => units.Split('|', StringSplitOptions.RemoveEmptyEntries);

    private static string? Preview(string? text)
    {
        if (text is null || text.Length <= PreviewLength)
        {
            return text;
        }

        // Never cut a surrogate pair (emoji) in half.
        var cut = char.IsHighSurrogate(text[PreviewLength - 1]) ? PreviewLength - 1 : PreviewLength;
        return text[..cut];
    }
}
