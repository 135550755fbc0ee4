using System.Data.Common;
using System.Globalization;
using LaoCaiFanpage.Contracts.Integrity;
using LaoCaiFanpage.Contracts.Threads;
using LaoCaiFanpage.Grains.Storage;

namespace LaoCaiFanpage.Grains.Integrity;

/// <summary>
/// The page's integrity findings (0015-integrity.sql), kept as rows like the processing log: a page whose login was
/// stolen can post thousands of replies, and each is a finding that must stay on record without weighing on a grain.
/// </summary>
public sealed class IntegrityStore(FanpageDatabase database, WriteGate gate)
{
    private const string Columns = "id, kind, message_id, case_id, channel, text, permalink, seen_at, status, approved_request_id, acknowledged_by, acknowledged_at, note";

    public Task Save(string pageId, IntegrityFinding finding) => gate.Run(async () =>
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO integrity_finding (page_id, {Columns})
            VALUES (@page, @id, @kind, @message, @case, @channel, @text, @permalink, @seen, @status, @approved, @by, @at, @note)
            ON CONFLICT (id) DO UPDATE SET text = excluded.text, seen_at = excluded.seen_at, status = excluded.status,
                acknowledged_by = excluded.acknowledged_by, acknowledged_at = excluded.acknowledged_at, note = excluded.note
            """;
        command.AddParameter("@page", pageId);
        command.AddParameter("@id", finding.Id);
        command.AddParameter("@kind", finding.Kind);
        command.AddParameter("@message", finding.MessageId);
        command.AddParameter("@case", finding.CaseId);
        command.AddParameter("@channel", finding.Channel.ToString().ToLowerInvariant());
        command.AddParameter("@text", finding.Text);
        command.AddParameter("@permalink", finding.Permalink);
        command.AddParameter("@seen", finding.SeenAt.ToUnixTimeMilliseconds());
        command.AddParameter("@status", finding.Status);
        command.AddParameter("@approved", finding.ApprovedRequestId);
        command.AddParameter("@by", finding.AcknowledgedBy);
        command.AddParameter("@at", finding.AcknowledgedAt?.ToUnixTimeMilliseconds());
        command.AddParameter("@note", finding.Note);
        await command.ExecuteNonQueryAsync();
    });

    /// <summary>The open finding of this kind about this page message, if any.</summary>
    public async Task<IntegrityFinding?> Open(string pageId, string messageId, string kind)
    {
        var found = await Query("page_id = @page AND message_id = @message AND kind = @kind AND status = 'open'", 1, ("@page", pageId), ("@message", messageId), ("@kind", kind));
        return found.Count > 0 ? found[0] : null;
    }

    public async Task<IntegrityFinding?> Get(string pageId, string id)
    {
        var found = await Query("page_id = @page AND id = @id", 1, ("@page", pageId), ("@id", id));
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>The newest first, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<IntegrityFinding>> List(string pageId, string? status, int limit) => status is null
        ? Query("page_id = @page", limit, ("@page", pageId))
        : Query("page_id = @page AND status = @status", limit, ("@page", pageId), ("@status", status));

    /// <summary>A report's findings: seen in [start, end), or seen before and still open.</summary>
    public Task<IReadOnlyList<IntegrityFinding>> ForPeriod(string pageId, DateTimeOffset start, DateTimeOffset end) =>
        Query("page_id = @page AND seen_at < @end AND (seen_at >= @start OR status = 'open')", 10_000,
            ("@page", pageId), ("@start", start.ToUnixTimeMilliseconds()), ("@end", end.ToUnixTimeMilliseconds()));

    private async Task<IReadOnlyList<IntegrityFinding>> Query(string where, int limit, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM integrity_finding WHERE {where} ORDER BY seen_at DESC LIMIT {limit.ToString(CultureInfo.InvariantCulture)}";
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var findings = new List<IntegrityFinding>();
        while (await reader.ReadAsync())
        {
            findings.Add(Read(reader));
        }

        return findings;
    }

    private static IntegrityFinding Read(DbDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        DateTimeOffset? At(int i) => r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture));
        return new IntegrityFinding(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
            Enum.TryParse<MessageChannel>(r.GetString(4), ignoreCase: true, out var channel) ? channel : MessageChannel.Comment,
            Text(5), Text(6), At(7)!.Value, r.GetString(8), Text(9), Text(10), At(11), Text(12));
    }
}
