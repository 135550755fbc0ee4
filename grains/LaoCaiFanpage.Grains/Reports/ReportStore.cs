using System.Data.Common;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using LaoCaiFanpage.Contracts.Time;
using LaoCaiFanpage.Grains.Storage;
using LaoCaiFanpage.Grains.Threads;

namespace LaoCaiFanpage.Grains.Reports;

/// <summary>A daily report in the archive: its date, when and by whom it was generated, and its headline figures.</summary>
public sealed record ArchivedReport(DateOnly Date, DateTimeOffset GeneratedAt, string GeneratedBy, int Version, ReportSummary Summary);

/// <summary>The headline figures a list of reports shows.</summary>
public sealed record ReportSummary(int Received, int Opened, int Answered, int OverdueAtEnd, double? OnTimeRate, int Crises, int Impostors, int Hidden);

/// <summary>
/// Reads the rows reports are computed from (the case, message, clock and moderation projections), and keeps the
/// archive of daily reports (<c>daily_report</c>, 0008-reports.sql).
/// </summary>
public sealed class ReportStore(FanpageDatabase database, WriteGate gate)
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new VietnamTimeJsonConverter() },
    };

    /// <summary>The rows of the period [start, end) of one page (crises and impostor pages come from their registers).</summary>
    public async Task<(List<ReportMessage> Messages, List<ReportCase> Cases, List<ReportClock> Clocks, List<ReportModeration> Moderation, List<ReportPagePost> PagePosts)> Load(
        string pageId, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var s = start.ToUnixTimeMilliseconds();
        var e = end.ToUnixTimeMilliseconds();
        var messages = await Query(connection, """
            SELECT message_id, case_id, channel, post_id, received_at FROM message_index
            WHERE page_id = @page AND is_page = 0 AND received_at >= @s AND received_at < @e
            """, pageId, s, e, r => new ReportMessage(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), Time(r.GetInt64(4))), cancellationToken);
        var cases = await Query(connection, """
            SELECT case_id, created_at, category, units, status, answered_at, preview, assignee FROM case_index
            WHERE page_id = @page AND created_at < @e
              AND (created_at >= @s OR answered_at >= @s OR status NOT IN ('published', 'closed', 'not-actionable', 'merged')
                   OR case_id IN (SELECT case_id FROM message_index WHERE page_id = @page AND received_at >= @s AND received_at < @e)
                   OR case_id IN (SELECT case_id FROM sla_clock WHERE page_id = @page AND started_at < @e AND (completed_at IS NULL OR completed_at >= @s)))
            """, pageId, s, e, r => new ReportCase(r.GetString(0), Time(r.GetInt64(1)), r.IsDBNull(2) ? null : r.GetInt32(2), SqlCaseCatalog.DecodeUnits(r.GetString(3)),
                r.GetString(4), r.IsDBNull(5) ? null : Time(r.GetInt64(5)), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7)), cancellationToken);
        var clocks = await Query(connection, """
            SELECT case_id, clock_id, kind, unit, state, started_at, deadline, completed_at, completed_by FROM sla_clock
            WHERE page_id = @page AND started_at < @e AND (completed_at IS NULL OR completed_at >= @s)
            """, pageId, s, e, r => new ReportClock(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), Time(r.GetInt64(5)), Time(r.GetInt64(6)),
                r.IsDBNull(7) ? null : Time(r.GetInt64(7)), r.IsDBNull(8) ? null : r.GetString(8)), cancellationToken);
        var moderation = await Query(connection, """
            SELECT case_id, message_id, status, clauses, detected_at FROM moderation_item
            WHERE page_id = @page AND detected_at >= @s AND detected_at < @e
            """, pageId, s, e, r => new ReportModeration(r.GetString(0), r.GetString(1), r.GetString(2),
                r.IsDBNull(3) ? [] : r.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries), Time(r.GetInt64(4))), cancellationToken);
        var posts = await Query(connection, """
            SELECT post_id, category, published_at FROM page_post
            WHERE page_id = @page AND published_at >= @s AND published_at < @e
            """, pageId, s, e, r => new ReportPagePost(r.GetString(0), Convert.ToInt32(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), Time(r.GetInt64(2))), cancellationToken);
        return (messages, cases, clocks, moderation, posts);
    }

    /// <summary>Stores (or replaces) a date's report; returns its version (1 for the first generation).</summary>
    public async Task<int> Archive(string pageId, ActivityReport report, string generatedBy, CancellationToken cancellationToken = default) =>
        await gate.Run(async () =>
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO daily_report (report_date, page_id, generated_at, generated_by, version, summary, body)
                VALUES (@date, @page, @at, @by, 1, @summary, @body)
                ON CONFLICT (report_date) DO UPDATE SET
                    generated_at = excluded.generated_at, generated_by = excluded.generated_by, version = daily_report.version + 1,
                    summary = excluded.summary, body = excluded.body
                RETURNING version
                """;
            command.AddParameter("@date", report.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            command.AddParameter("@page", pageId);
            command.AddParameter("@at", report.GeneratedAt.ToUnixTimeMilliseconds());
            command.AddParameter("@by", generatedBy);
            command.AddParameter("@summary", JsonSerializer.Serialize(Summarize(report), Json));
            command.AddParameter("@body", JsonSerializer.Serialize(report, Json));
            return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }, cancellationToken);

    /// <summary>A date's archived report, or null.</summary>
    public async Task<(ArchivedReport Entry, ActivityReport Report)?> Find(DateOnly date, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT report_date, generated_at, generated_by, version, summary, body FROM daily_report WHERE report_date = @date";
        command.AddParameter("@date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (Entry(reader), JsonSerializer.Deserialize<ActivityReport>(reader.GetString(5), Json)!) : null;
    }

    /// <summary>The archive, newest first.</summary>
    public async Task<IReadOnlyList<ArchivedReport>> List(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT report_date, generated_at, generated_by, version, summary FROM daily_report ORDER BY report_date DESC LIMIT @limit";
        command.AddParameter("@limit", limit);
        var list = new List<ArchivedReport>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Entry(reader));
        }

        return list;
    }

    public static ReportSummary Summarize(ActivityReport report) => new(
        report.Messages.Total, report.Cases.Opened, report.Cases.Answered, report.Cases.OverdueAtEnd,
        report.Units.Sum(u => u.Finished) is var finished and > 0 ? Math.Round((double)report.Units.Sum(u => u.OnTime) / finished, 4) : null,
        report.Crises.Count, report.Impostors.Count, report.Moderation.Hidden);

    private static ArchivedReport Entry(DbDataReader reader) => new(
        DateOnly.ParseExact(reader.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture), Time(reader.GetInt64(1)), reader.GetString(2), reader.GetInt32(3),
        JsonSerializer.Deserialize<ReportSummary>(reader.GetString(4), Json)!);

    private static DateTimeOffset Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    private static async Task<List<T>> Query<T>(DbConnection connection, string sql, string pageId, long start, long end, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.AddParameter("@page", pageId);
        command.AddParameter("@s", start);
        command.AddParameter("@e", end);
        var list = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(read(reader));
        }

        return list;
    }
}
