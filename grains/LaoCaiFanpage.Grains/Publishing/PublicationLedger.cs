using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LaoCaiFanpage.Contracts.Publishing;
using LaoCaiFanpage.Grains.Storage;

namespace LaoCaiFanpage.Grains.Publishing;

/// <summary>One thing the approval chain handed to the outbox, as the integrity check sees it.</summary>
public sealed record HandedPublication(string RequestId, string Kind, string CaseId, string TargetId, string TextSha256, DateTimeOffset HandedAt,
    string? GraphId, string? MessageId);

/// <summary>
/// Text as the page shows it, for comparing with what was approved: Unicode NFC (a precomposed "ệ" and "e" with
/// its marks are the same letter) and every run of white space as one space, trimmed.
/// </summary>
public static partial class PublishedText
{
    public static string Normalize(string? text) => Whitespace().Replace((text ?? string.Empty).Normalize(NormalizationForm.FormC), " ").Trim();

    public static string Digest(string? text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(text))));

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

/// <summary>
/// Everything handed to the page's outbox (0015-integrity.sql), kept for as long as the page's history matters:
/// the outbox forgets finished items, the integrity check must not.
/// </summary>
public sealed class PublicationLedger(FanpageDatabase database, WriteGate gate)
{
    /// <summary>An approved item entered the outbox (a second hand-over of the same request changes nothing).</summary>
    public Task Handed(PublicationRequest request, DateTimeOffset at) => gate.Run(async () =>
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO page_publication (request_id, page_id, kind, case_id, target_id, text_sha256, handed_at)
            VALUES (@request, @page, @kind, @case, @target, @digest, @at)
            ON CONFLICT (request_id) DO NOTHING
            """;
        command.AddParameter("@request", request.Id);
        command.AddParameter("@page", request.PageId);
        command.AddParameter("@kind", request.Kind);
        command.AddParameter("@case", request.CaseId);
        command.AddParameter("@target", request.TargetId);
        command.AddParameter("@digest", PublishedText.Digest(request.Text));
        command.AddParameter("@at", at.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync();
    });

    /// <summary>Facebook took it and gave it this id.</summary>
    public Task Published(string requestId, string? graphId, DateTimeOffset at) => gate.Run(async () =>
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE page_publication SET graph_id = COALESCE(@graph, graph_id), published_at = @at WHERE request_id = @request";
        command.AddParameter("@graph", graphId);
        command.AddParameter("@at", at.ToUnixTimeMilliseconds());
        command.AddParameter("@request", requestId);
        await command.ExecuteNonQueryAsync();
    });

    /// <summary>The page message is that publication (matched by its text and place when the ids differ or came later).</summary>
    public Task Matched(string requestId, string messageId) => gate.Run(async () =>
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE page_publication SET message_id = @message WHERE request_id = @request";
        command.AddParameter("@message", messageId);
        command.AddParameter("@request", requestId);
        await command.ExecuteNonQueryAsync();
    });

    /// <summary>
    /// What the chain last approved for a page message (by Facebook's id or an earlier match): its publication, or a
    /// later approved correction or removal of it. Null when nothing was approved for it.
    /// </summary>
    public async Task<HandedPublication?> OfMessage(string pageId, string messageId)
    {
        var found = await Query("page_id = @page AND (graph_id = @message OR message_id = @message OR (kind IN ('edit-post', 'delete-post', 'edit-comment', 'delete-comment') AND target_id = @message))",
            "handed_at DESC", ("@page", pageId), ("@message", messageId));
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>Publications of the page with this normalised text, handed over since <paramref name="since"/>, oldest first.</summary>
    public Task<IReadOnlyList<HandedPublication>> WithText(string pageId, string textSha256, DateTimeOffset since) =>
        Query("page_id = @page AND text_sha256 = @digest AND (handed_at >= @since OR published_at IS NULL)", "handed_at",
            ("@page", pageId), ("@digest", textSha256), ("@since", since.ToUnixTimeMilliseconds()));

    private async Task<IReadOnlyList<HandedPublication>> Query(string where, string order, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT request_id, kind, case_id, target_id, text_sha256, handed_at, graph_id, message_id FROM page_publication
            WHERE {where} ORDER BY {order} LIMIT 50
            """;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<HandedPublication>();
        while (await reader.ReadAsync())
        {
            rows.Add(new HandedPublication(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture)),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return rows;
    }
}
