using System.Data.Common;
using System.Globalization;
using LaoCaiFanpage.Contracts.Fanpages;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Grains.Storage;

namespace LaoCaiFanpage.Grains.Threads;

/// <summary>The case catalogue in the embedded profile's SQLite file (tables from 0002-case-catalog.sql).</summary>
public sealed class SqlCaseCatalog(FanpageDatabase database, WriteGate gate) : ICaseCatalog
{
    private const int PreviewLength = 500;
    private const int MaxBatch = 256;

    private readonly SharedWrites<ProjectionRows> _writes = gate.Shared<ProjectionRows>(WriteBatch, MaxBatch);

    public Task Project(string threadId, CommentThreadState state, IReadOnlyCollection<string>? messageIds, CancellationToken cancellationToken = default)
    {
        // The rows are taken now, in the grain's turn; the write happens in the writer's next transaction.
        return _writes.Add(Rows(threadId, state, messageIds), cancellationToken);
    }

    /// <summary>What one thread's projection writes: its messages, its case row (when it is a case), its clocks.</summary>
    private sealed record ProjectionRows(string ThreadId, object?[][] Messages, object?[]? Case, object?[][] Clocks, object?[][] Moderation);

    private const string UpsertMessage = """
        INSERT INTO message_index (message_id, case_id, page_id, channel, post_id, permalink, author_id,
                                   author_name, is_page, preview, created_at, received_at, removed)
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12)
        ON CONFLICT (message_id) DO UPDATE SET
            case_id = excluded.case_id, author_name = excluded.author_name, preview = excluded.preview,
            created_at = excluded.created_at, received_at = excluded.received_at, removed = excluded.removed,
            post_id = COALESCE(message_index.post_id, excluded.post_id),
            permalink = COALESCE(message_index.permalink, excluded.permalink)
        """;

    private const string UpsertCase = """
        INSERT INTO case_index (case_id, page_id, channel, post_id, permalink, author_id, author_name, status,
                                units, preview, message_count, created_at, received_at, last_activity_at, category, answered_at,
                                assignee, search_text)
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17)
        ON CONFLICT (case_id) DO UPDATE SET
            post_id = excluded.post_id, permalink = excluded.permalink, author_id = excluded.author_id,
            author_name = excluded.author_name, status = excluded.status, units = excluded.units,
            preview = excluded.preview, message_count = excluded.message_count, created_at = excluded.created_at,
            received_at = excluded.received_at, last_activity_at = excluded.last_activity_at,
            category = excluded.category, answered_at = excluded.answered_at, assignee = excluded.assignee,
            search_text = excluded.search_text
        """;

    private const string DeleteClocks = "DELETE FROM sla_clock WHERE case_id = @p0";

    private const string DeleteModeration = "DELETE FROM moderation_item WHERE case_id = @p0";

    private const string InsertModeration = """
        INSERT INTO moderation_item (case_id, message_id, page_id, status, confidence, clauses, rules, author_name, preview, detected_at, decided_by, decided_at)
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11)
        """;

    private const string InsertClock = """
        INSERT INTO sla_clock (case_id, clock_id, page_id, kind, unit, state, started_at, due_soon_at, deadline, completed_at, next_at, completed_by)
        VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11)
        """;

    private static ProjectionRows Rows(string threadId, CommentThreadState state, IReadOnlyCollection<string>? messageIds)
    {
        var pageId = state.PageId ?? string.Empty;
        var messages = messageIds is null
            ? state.Messages.Values
            : messageIds.Distinct(StringComparer.Ordinal).Select(id => state.Messages[id]);
        var messageRows = messages.Select(message => new object?[]
        {
            message.Id, threadId, pageId, ChannelName(message.Channel), state.PostId, state.Permalink, message.AuthorId,
            message.AuthorName, message.IsPage ? 1 : 0, Preview(message.CurrentText),
            (message.CreatedAt ?? message.ReceivedAt).ToUnixTimeMilliseconds(), message.ReceivedAt.ToUnixTimeMilliseconds(),
            message.RemovedAt is null ? 0 : 1,
        }).ToArray();

        object?[]? caseRow = null;
        if (state.IsCase)
        {
            var snapshot = state.ToSnapshot(threadId);
            var root = state.RootMessage(threadId);
            caseRow =
            [
                threadId, snapshot.PageId, ChannelName(snapshot.Channel), snapshot.PostId, snapshot.Permalink, snapshot.Author?.Id,
                snapshot.Author?.Name, snapshot.Status, EncodeUnits(snapshot.Units), Preview(root?.CurrentText), snapshot.Messages.Count,
                snapshot.CreatedAt.ToUnixTimeMilliseconds(), snapshot.ReceivedAt.ToUnixTimeMilliseconds(), snapshot.LastActivityAt.ToUnixTimeMilliseconds(),
                state.Category, (state.AnsweredAt ?? state.Publication?.PublishedAt)?.ToUnixTimeMilliseconds(),
                state.Assignee, CaseSearch.TextOf(state),
            ];
        }

        var clockRows = state.Clocks.Select(clock => new object?[]
        {
            threadId, clock.Id, pageId, clock.Kind, clock.Unit, clock.State, clock.StartedAt.ToUnixTimeMilliseconds(),
            clock.DueSoonAt.ToUnixTimeMilliseconds(), clock.Deadline.ToUnixTimeMilliseconds(), clock.CompletedAt?.ToUnixTimeMilliseconds(),
            clock.NextTransitionAt?.ToUnixTimeMilliseconds(), clock.CompletedBy,
        }).ToArray();
        var moderationRows = state.Moderation.Select(entry =>
        {
            state.Messages.TryGetValue(entry.MessageId, out var flagged);
            return new object?[]
            {
                threadId, entry.MessageId, pageId, entry.Status, entry.Confidence, string.Join(',', entry.Clauses), string.Join(',', entry.Rules),
                flagged?.AuthorName, Preview(flagged?.CurrentText), entry.DetectedAt.ToUnixTimeMilliseconds(), entry.DecidedBy, entry.DecidedAt?.ToUnixTimeMilliseconds(),
            };
        }).ToArray();
        return new ProjectionRows(threadId, messageRows, caseRow, clockRows, moderationRows);
    }

    private static async Task WriteBatch(DbConnection connection, DbTransaction transaction, IReadOnlyList<ProjectionRows> batch)
    {
        await using var message = Command(connection, transaction, UpsertMessage, 13);
        await using var @case = Command(connection, transaction, UpsertCase, 18);
        await using var deleteClocks = Command(connection, transaction, DeleteClocks, 1);
        await using var insertClock = Command(connection, transaction, InsertClock, 12);
        await using var deleteModeration = Command(connection, transaction, DeleteModeration, 1);
        await using var insertModeration = Command(connection, transaction, InsertModeration, 12);
        foreach (var rows in batch)
        {
            foreach (var row in rows.Messages)
            {
                await Execute(message, row);
            }

            if (rows.Case is not null)
            {
                await Execute(@case, rows.Case);
            }

            await Execute(deleteClocks, [rows.ThreadId]);
            foreach (var row in rows.Clocks)
            {
                await Execute(insertClock, row);
            }

            if (rows.Moderation.Length > 0 || rows.Case is not null)
            {
                await Execute(deleteModeration, [rows.ThreadId]);
                foreach (var row in rows.Moderation)
                {
                    await Execute(insertModeration, row);
                }
            }
        }
    }

    /// <summary>A command reused for every row of a batch, so its statement is prepared once.</summary>
    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static Task<int> Execute(DbCommand command, object?[] row)
    {
        for (var i = 0; i < row.Length; i++)
        {
            command.Parameters[i].Value = row[i] ?? DBNull.Value;
        }

        return command.ExecuteNonQueryAsync();
    }

    public Task<IReadOnlyList<ClockRecord>> ClocksOfUnit(string unit, DateTimeOffset finishedSince, CancellationToken cancellationToken = default) =>
        ReadClocks(
            "WHERE unit = @key AND (completed_at IS NULL OR completed_at >= @since)",
            command =>
            {
                command.AddParameter("@key", unit);
                command.AddParameter("@since", finishedSince.ToUnixTimeMilliseconds());
            },
            cancellationToken);

    public Task<IReadOnlyList<ClockRecord>> UnfinishedClocks(string pageId, CancellationToken cancellationToken = default) =>
        ReadClocks("WHERE page_id = @key AND completed_at IS NULL", command => command.AddParameter("@key", pageId), cancellationToken);

    private async Task<IReadOnlyList<ClockRecord>> ReadClocks(string filter, Action<DbCommand> bind, CancellationToken cancellationToken)
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

    public async Task<ModerationPage> ListModeration(string? status, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var count = connection.CreateCommand();
        var filter = status is null ? string.Empty : " WHERE status = @status";
        count.CommandText = "SELECT COUNT(*) FROM moderation_item" + filter;
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT case_id, message_id, page_id, status, confidence, clauses, rules, author_name, preview, detected_at, decided_by, decided_at
            FROM moderation_item
            """ + filter + " ORDER BY detected_at DESC, case_id, message_id LIMIT @limit OFFSET @offset";
        if (status is not null)
        {
            count.AddParameter("@status", status);
            command.AddParameter("@status", status);
        }

        command.AddParameter("@limit", pageSize);
        command.AddParameter("@offset", (page - 1) * pageSize);
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        var items = new List<ModerationQueueItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new ModerationQueueItem(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5).Split(',', StringSplitOptions.RemoveEmptyEntries), reader.GetString(6).Split(',', StringSplitOptions.RemoveEmptyEntries),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11))));
        }

        return new ModerationPage(items, total, page, pageSize);
    }

    public async Task<string?> FindCaseOfMessage(string messageId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT case_id FROM message_index WHERE message_id = @id";
        command.AddParameter("@id", messageId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<bool> CaseExists(string caseId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM case_index WHERE case_id = @id";
        command.AddParameter("@id", caseId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    // A case's unfinished clocks: the nearest deadline among them, and the most urgent state (3 missed, 2 due soon, 1 running).
    private const string OpenClocksOfCase = "FROM sla_clock c WHERE c.case_id = case_index.case_id AND c.completed_at IS NULL";
    private const string NextDeadline = "(SELECT MIN(c.deadline) " + OpenClocksOfCase + ")";
    private const string WorstState = "(SELECT MAX(CASE c.state WHEN 'missed' THEN 3 WHEN 'due-soon' THEN 2 WHEN 'running' THEN 1 ELSE 0 END) " + OpenClocksOfCase + ")";

    public async Task<CasePage> ListCases(CaseQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var search = query.Terms is not { Count: > 0 } ? string.Empty
            : database.Dialect == SqlDialect.Sqlite
                ? "\n  AND case_index.rowid IN (SELECT rowid FROM case_search WHERE case_search MATCH @match)"
                : "\n  AND to_tsvector('simple', COALESCE(search_text, '')) @@ to_tsquery('simple', @match)";
        var filter = """
            WHERE (@status IS NULL OR status = @status)
              AND (@unit IS NULL OR units LIKE '%|' || @unit || '|%'
                   OR EXISTS (SELECT 1 FROM sla_clock c WHERE c.case_id = case_index.case_id AND c.unit = @unit))
              AND (@category IS NULL OR (@category = 0 AND category IS NULL) OR category = @category)
              AND (@from IS NULL OR created_at >= @from)
              AND (@before IS NULL OR created_at < @before)
              AND (@assignee IS NULL OR assignee = @assignee)
              AND (@worst IS NULL OR
            """ + WorstState + " = @worst)\n  AND (@notOverdue = 0 OR COALESCE(" + WorstState + ", 0) <> 3)" + search;

        int total;
        await using (var count = connection.CreateCommand())
        {
            count.CommandText = "SELECT COUNT(*) FROM case_index " + filter;
            AddFilter(count, query);
            total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var order = query.Sort == CaseSort.Deadline
            ? "ORDER BY COALESCE(" + NextDeadline + ", 9223372036854775807), received_at, case_id"
            : "ORDER BY received_at DESC, case_id";
        var items = new List<CaseSummary>();
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = $"""
                SELECT case_id, channel, page_id, post_id, permalink, author_id, author_name, status, units, preview,
                       message_count, created_at, received_at, last_activity_at, assignee, {NextDeadline}, {WorstState}
                FROM case_index
                {filter}
                {order}
                LIMIT @limit OFFSET @offset
                """;
            AddFilter(select, query);
            select.AddParameter("@limit", query.PageSize);
            select.AddParameter("@offset", (long)(query.Page - 1) * query.PageSize);
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
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(13)),
                    reader.IsDBNull(14) ? null : reader.GetString(14),
                    reader.IsDBNull(15) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(15)),
                    reader.IsDBNull(16) ? null : SlaStateOfRank(reader.GetInt64(16))));
            }
        }

        return new CasePage(items, total, query.Page, query.PageSize);
    }

    private static string? SlaStateOfRank(long rank) => rank switch
    {
        3 => Contracts.Sla.ClockStates.Missed,
        2 => Contracts.Sla.ClockStates.DueSoon,
        1 => Contracts.Sla.ClockStates.Running,
        _ => null,
    };

    private static long? RankOfSlaState(string? state) => state switch
    {
        Contracts.Sla.ClockStates.Missed => 3,
        Contracts.Sla.ClockStates.DueSoon => 2,
        Contracts.Sla.ClockStates.Running => 1,
        _ => null,
    };

    public async Task<IReadOnlyList<OfficerRecord>> OfficerFigures(string unit, DateTimeOffset today, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var figures = new Dictionary<string, int[]>(StringComparer.Ordinal);
        int[] Of(string username) => figures.TryGetValue(username, out var row) ? row : figures[username] = new int[6];

        // The cases each officer of the unit has now, and those among them with a clock of the unit's overdue.
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT assignee, COUNT(*),
                       SUM(CASE WHEN EXISTS (SELECT 1 FROM sla_clock c WHERE c.case_id = case_index.case_id AND c.unit = @unit
                                             AND c.completed_at IS NULL AND c.state = 'missed') THEN 1 ELSE 0 END)
                FROM case_index
                WHERE assignee IS NOT NULL AND units LIKE '%|' || @unit || '|%'
                  AND status IN ('assigned', 'drafting')
                GROUP BY assignee
                """;
            command.AddParameter("@unit", unit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = Of(reader.GetString(0));
                row[0] = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
                row[1] = Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture);
            }
        }

        // The unit's answers and coordination replies each person gave: on time (met) or after the deadline.
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT completed_by,
                       SUM(CASE WHEN completed_at >= @today AND completed_at <= deadline THEN 1 ELSE 0 END),
                       SUM(CASE WHEN completed_at >= @today AND completed_at > deadline THEN 1 ELSE 0 END),
                       SUM(CASE WHEN completed_at <= deadline THEN 1 ELSE 0 END),
                       SUM(CASE WHEN completed_at > deadline THEN 1 ELSE 0 END)
                FROM sla_clock
                WHERE unit = @unit AND completed_by IS NOT NULL AND completed_at >= @since
                  AND kind IN ('answer', 'coordination') AND state <> 'cancelled'
                GROUP BY completed_by
                """;
            command.AddParameter("@unit", unit);
            command.AddParameter("@today", today.ToUnixTimeMilliseconds());
            command.AddParameter("@since", since.ToUnixTimeMilliseconds());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = Of(reader.GetString(0));
                for (var i = 0; i < 4; i++)
                {
                    row[2 + i] = Convert.ToInt32(reader.GetValue(1 + i), CultureInfo.InvariantCulture);
                }
            }
        }

        return [.. figures.OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new OfficerRecord(f.Key, f.Value[0], f.Value[1], f.Value[2], f.Value[3], f.Value[4], f.Value[5]))];
    }

    public async Task<int> FillSearchText(int batch, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var cases = new List<string>();
        await using (var pick = connection.CreateCommand())
        {
            pick.CommandText = "SELECT case_id FROM case_index WHERE search_text IS NULL ORDER BY case_id LIMIT @limit";
            pick.AddParameter("@limit", batch);
            await using var reader = await pick.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                cases.Add(reader.GetString(0));
            }
        }

        var texts = new List<object?[]>();
        foreach (var caseId in cases)
        {
            await using var read = connection.CreateCommand();
            read.CommandText = "SELECT author_name, preview FROM message_index WHERE case_id = @id AND is_page = 0 ORDER BY created_at, message_id";
            read.AddParameter("@id", caseId);
            var names = new List<string?>();
            var previews = new List<string?>();
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
                previews.Add(reader.IsDBNull(1) ? null : reader.GetString(1));
            }

            texts.Add([CaseSearch.TextOf(names, previews), caseId]);
        }

        if (texts.Count > 0)
        {
            // Only rows still without a text: a projection that ran meanwhile wrote the full one.
            await gate.Run(async () =>
            {
                await using var transaction = (DbTransaction)await connection.BeginTransactionAsync(cancellationToken);
                await using var update = Command(connection, transaction, "UPDATE case_index SET search_text = @p0 WHERE case_id = @p1 AND search_text IS NULL", 2);
                foreach (var row in texts)
                {
                    await Execute(update, row);
                }

                await transaction.CommitAsync(cancellationToken);
            }, cancellationToken);
        }

        return texts.Count;
    }

    public async Task<ActivitySeed> LoadActivity(string pageId, DateTimeOffset since, int feedSize, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var activity = new List<ActivityRecord>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT message_id, channel, post_id, is_page, created_at FROM message_index
                WHERE page_id = @page AND created_at >= @since
                """;
            command.AddParameter("@page", pageId);
            command.AddParameter("@since", since.ToUnixTimeMilliseconds());
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
            command.CommandText = "SELECT COUNT(*) FROM case_index WHERE page_id = @page AND status <> 'closed'";
            command.AddParameter("@page", pageId);
            open = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var feed = new List<FeedItem>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT message_id, case_id, channel, author_id, author_name, is_page, preview, post_id, permalink,
                       created_at, received_at, removed,
                       EXISTS (SELECT 1 FROM moderation_item mi WHERE mi.case_id = message_index.case_id AND mi.message_id = message_index.message_id
                               AND mi.status NOT IN ('kept', 'unhidden'))
                FROM message_index WHERE page_id = @page
                ORDER BY received_at DESC, message_id LIMIT @limit
                """;
            command.AddParameter("@page", pageId);
            command.AddParameter("@limit", feedSize);
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
                    false,
                    Convert.ToBoolean(reader.GetValue(12), CultureInfo.InvariantCulture)));
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

    public async Task<IReadOnlyDictionary<string, long>> CountOpenCasesBySlaState(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT worst, COUNT(*) FROM (
                SELECT case_id, MAX(CASE state WHEN 'missed' THEN 3 WHEN 'due-soon' THEN 2 ELSE 1 END) AS worst
                FROM sla_clock WHERE completed_at IS NULL AND state IN ('running', 'due-soon', 'missed')
                GROUP BY case_id) AS per_case
            GROUP BY worst
            """;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            [Contracts.Sla.ClockStates.Running] = 0,
            [Contracts.Sla.ClockStates.DueSoon] = 0,
            [Contracts.Sla.ClockStates.Missed] = 0,
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var state = reader.GetInt64(0) switch
            {
                3 => Contracts.Sla.ClockStates.Missed,
                2 => Contracts.Sla.ClockStates.DueSoon,
                _ => Contracts.Sla.ClockStates.Running,
            };
            counts[state] = reader.GetInt64(1);
        }

        return counts;
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

    private void AddFilter(DbCommand command, CaseQuery query)
    {
        command.AddParameter("@status", query.Status);
        command.AddParameter("@unit", query.Unit);
        command.AddParameter("@category", query.Category);
        command.AddParameter("@from", query.OpenedFrom?.ToUnixTimeMilliseconds());
        command.AddParameter("@before", query.OpenedBefore?.ToUnixTimeMilliseconds());
        command.AddParameter("@assignee", query.Assignee);
        command.AddParameter("@worst", RankOfSlaState(query.SlaState));
        command.AddParameter("@notOverdue", query.NotOverdue ? 1L : 0L);
        if (query.Terms is { Count: > 0 } terms)
        {
            command.AddParameter("@match", database.Dialect == SqlDialect.Sqlite ? CaseSearch.Fts5Match(terms) : CaseSearch.TsQuery(terms));
        }
    }

    private static string EncodeUnits(IReadOnlyList<string> units) => units.Count == 0 ? string.Empty : "|" + string.Join('|', units) + "|";

    internal static string[] DecodeUnits(string units) => units.Split('|', StringSplitOptions.RemoveEmptyEntries);

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
