using System.Globalization;
using System.Text.Json;

namespace LaoCaiFanpage.Grains.Publishing;

/// <summary>A post, comment or Messenger message as the Graph API reads it back.</summary>
public sealed record GraphItem(string Id, string? Message, string? FromId, string? FromName, DateTimeOffset? CreatedAt, string? ParentId, string? Permalink);

/// <summary>A Messenger conversation of the page: the person in it (not the page) and its latest messages.</summary>
public sealed record GraphConversation(string Id, DateTimeOffset? UpdatedAt, string? PersonId, string? PersonName, IReadOnlyList<GraphItem> Messages);

/// <summary>One page of a Graph list, and the cursor of the next one (null on the last).</summary>
public sealed record GraphListPage<T>(IReadOnlyList<T> Items, string? After);

/// <summary>
/// Reading the page back (reconciliation: what no webhook delivered): its feed since an instant, each post's comments
/// and replies, and its Messenger conversations, a page at a time with Meta's cursors.
/// </summary>
public sealed partial class GraphApiClient
{
    private const string ItemFields = "id,message,from,created_time,permalink_url";

    /// <summary><c>GET /{page-id}/feed?since=…</c>: the page's posts and visitors' posts, newest first.</summary>
    public async Task<GraphListPage<GraphItem>> ReadFeed(string pageId, DateTimeOffset since, string? after, CancellationToken cancellationToken)
    {
        using var document = await Send(HttpMethod.Get,
            $"{Escape(pageId)}/feed?fields={ItemFields}&since={since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}&limit=100{After(after)}&access_token={Uri.EscapeDataString(Token)}",
            null, cancellationToken);
        return List(document.RootElement, Item);
    }

    /// <summary><c>GET /{post-id}/comments?filter=stream</c>: every comment and reply, newest first, each with its parent.</summary>
    public async Task<GraphListPage<GraphItem>> ReadComments(string postId, string? after, CancellationToken cancellationToken)
    {
        using var document = await Send(HttpMethod.Get,
            $"{Escape(postId)}/comments?fields={ItemFields},parent{{id}}&filter=stream&order=reverse_chronological&limit=100{After(after)}&access_token={Uri.EscapeDataString(Token)}",
            null, cancellationToken);
        return List(document.RootElement, Item);
    }

    /// <summary><c>GET /{page-id}/conversations?platform=messenger</c>: the latest conversations with their 50 latest messages.</summary>
    public async Task<GraphListPage<GraphConversation>> ReadConversations(string pageId, string? after, CancellationToken cancellationToken)
    {
        using var document = await Send(HttpMethod.Get,
            $"{Escape(pageId)}/conversations?platform=messenger&fields=id,updated_time,participants,messages.limit(50){{{ItemFields}}}&limit=25{After(after)}&access_token={Uri.EscapeDataString(Token)}",
            null, cancellationToken);
        return List(document.RootElement, element => Conversation(element, pageId));
    }

    private static string After(string? cursor) => cursor is null ? string.Empty : "&after=" + Uri.EscapeDataString(cursor);

    private static GraphListPage<T> List<T>(JsonElement root, Func<JsonElement, T?> read)
        where T : class
    {
        var items = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array
            ? data.EnumerateArray().Select(read).OfType<T>().ToList()
            : [];
        string? after = null;
        if (root.TryGetProperty("paging", out var paging) && paging.ValueKind == JsonValueKind.Object && paging.TryGetProperty("next", out _)
            && paging.TryGetProperty("cursors", out var cursors) && cursors.ValueKind == JsonValueKind.Object)
        {
            after = Text(cursors, "after");
        }

        return new GraphListPage<T>(items, items.Count == 0 ? null : after);
    }

    private static GraphItem? Item(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || Text(item, "id") is not { Length: > 0 } id)
        {
            return null;
        }

        var from = item.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
        var parent = item.TryGetProperty("parent", out var p) && p.ValueKind == JsonValueKind.Object ? Text(p, "id") : null;
        return new GraphItem(id, Text(item, "message"), from.ValueKind == JsonValueKind.Object ? Text(from, "id") : null,
            from.ValueKind == JsonValueKind.Object ? Text(from, "name") : null, Time(item, "created_time"), parent, Text(item, "permalink_url"));
    }

    private static GraphConversation? Conversation(JsonElement item, string pageId)
    {
        if (item.ValueKind != JsonValueKind.Object || Text(item, "id") is not { Length: > 0 } id)
        {
            return null;
        }

        JsonElement person = default;
        if (item.TryGetProperty("participants", out var participants) && participants.TryGetProperty("data", out var people) && people.ValueKind == JsonValueKind.Array)
        {
            person = people.EnumerateArray().FirstOrDefault(p => p.ValueKind == JsonValueKind.Object && Text(p, "id") is { } pid && pid != pageId);
        }

        var messages = item.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Object ? List(m, Item).Items : [];
        return new GraphConversation(id, Time(item, "updated_time"),
            person.ValueKind == JsonValueKind.Object ? Text(person, "id") : null, person.ValueKind == JsonValueKind.Object ? Text(person, "name") : null, messages);
    }

    private static DateTimeOffset? Time(JsonElement item, string name) =>
        Text(item, name) is { } text && DateTimeOffset.TryParse(text.Replace("+0000", "+00:00", StringComparison.Ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : null;
}
