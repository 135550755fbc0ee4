using System.Text.Json;

namespace LaoCaiFanpage.Grains.Publishing;

/// <summary>An app subscribed to the page's webhooks, and the fields it receives.</summary>
public sealed record GraphSubscription(string? AppId, string? Name, IReadOnlyList<string> Fields);

public sealed partial class GraphApiClient
{
    /// <summary><c>GET /{page-id}/subscribed_apps</c>: the apps that receive the page's webhooks, with their fields.</summary>
    public async Task<IReadOnlyList<GraphSubscription>> SubscribedApps(string pageId, CancellationToken cancellationToken)
    {
        using var document = await Send(HttpMethod.Get, $"{Escape(pageId)}/subscribed_apps?access_token={Uri.EscapeDataString(Token)}", null, cancellationToken);
        if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. data.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object).Select(a => new GraphSubscription(
            Text(a, "id"),
            Text(a, "name"),
            a.TryGetProperty("subscribed_fields", out var fields) && fields.ValueKind == JsonValueKind.Array
                ? [.. fields.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.String).Select(f => f.GetString()!)]
                : []))];
    }
}
