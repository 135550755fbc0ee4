using System.Text.Json;

namespace LaoCaiFanpage.Grains.Publishing;

/// <summary>A page as the Graph API describes it (the fields the impostor watch reads).</summary>
public sealed record GraphPage(string Id, string Name, string? Link, string? VerificationStatus, long? Followers, string? About, string? Category, string? PictureUrl);

/// <summary>
/// The page reads of the impostor watch (R15.2). Both need an app token with Meta's Page Public Content Access
/// feature for pages the Office does not manage.
/// </summary>
public sealed partial class GraphApiClient
{
    /// <summary><c>GET /pages/search?q=…&amp;fields=id,name,link,verification_status</c>: the first page of results.</summary>
    public async Task<IReadOnlyList<GraphPage>> SearchPages(string query, string? accessToken, CancellationToken cancellationToken)
    {
        using var document = await Send(HttpMethod.Get,
            $"pages/search?q={Uri.EscapeDataString(query)}&fields=id,name,link,verification_status&limit=50&access_token={Uri.EscapeDataString(accessToken ?? Token)}", null, cancellationToken);
        if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. data.EnumerateArray().Select(Page).OfType<GraphPage>()];
    }

    /// <summary>
    /// <c>GET /{page-id}?fields=…</c>; null when Meta says the page no longer exists (code 100 with subcode 33, or
    /// code 803: the object or alias does not exist).
    /// </summary>
    public async Task<GraphPage?> GetPage(string pageId, string? accessToken, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await Send(HttpMethod.Get,
                $"{Escape(pageId)}?fields=id,name,link,verification_status,followers_count,about,category,picture&access_token={Uri.EscapeDataString(accessToken ?? Token)}", null, cancellationToken);
            return Page(document.RootElement);
        }
        catch (GraphApiException ex) when ((ex.Code == 100 && ex.Subcode == 33) || ex.Code == 803)
        {
            return null;
        }
    }

    private static GraphPage? Page(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || Text(item, "id") is not { Length: > 0 } id || Text(item, "name") is not { Length: > 0 } name)
        {
            return null;
        }

        long? followers = item.TryGetProperty("followers_count", out var f) && f.ValueKind == JsonValueKind.Number && f.TryGetInt64(out var n) ? n : null;
        var picture = item.TryGetProperty("picture", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("data", out var pd) && pd.ValueKind == JsonValueKind.Object
            ? Text(pd, "url")
            : null;
        return new GraphPage(id, name, Text(item, "link"), Text(item, "verification_status"), followers, Text(item, "about"), Text(item, "category"), picture);
    }
}
