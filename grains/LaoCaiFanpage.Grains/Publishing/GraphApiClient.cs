using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace LaoCaiFanpage.Grains.Publishing;

/// <summary>
/// The typed client for the few Graph API calls the outbox makes: reply to a comment, send a Messenger message,
/// and read back what the page already posted (to settle a send whose outcome a crash left unknown).
/// </summary>
public sealed partial class GraphApiClient(HttpClient http, IOptionsMonitor<GraphApiOptions> options)
{
    /// <summary><c>POST /{comment-id}/comments</c> with <c>message</c>; returns the new comment's id.</summary>
    public async Task<string> ReplyToComment(string commentId, string text, CancellationToken cancellationToken, string? photoId = null)
    {
        // A picture goes with a comment as attachment_id: a photo uploaded unpublished first (UploadPhoto).
        using var content = new FormUrlEncodedContent(photoId is null
            ? [new("message", text), new("access_token", Token)]
            : [new("message", text), new("attachment_id", photoId), new("access_token", Token)]);
        using var document = await Send(HttpMethod.Post, Escape(commentId) + "/comments", content, cancellationToken);
        return RequiredString(document.RootElement, "id");
    }

    /// <summary>
    /// <c>POST /{page-id}/messages</c> (the Send API) with <c>messaging_type</c> RESPONSE, or MESSAGE_TAG with the
    /// HUMAN_AGENT tag; returns the message id.
    /// </summary>
    public async Task<string> SendMessage(string pageId, string psid, string text, string messagingType, string? tag, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, object>
        {
            ["recipient"] = new { id = psid },
            ["messaging_type"] = messagingType,
            ["message"] = new { text },
        };
        if (tag is not null)
        {
            body["tag"] = tag;
        }

        using var content = JsonContent.Create(body);
        using var document = await Send(HttpMethod.Post, $"{Escape(pageId)}/messages?access_token={Uri.EscapeDataString(Token)}", content, cancellationToken);
        return RequiredString(document.RootElement, "message_id");
    }

    /// <summary>
    /// <c>POST /{page-id}/feed</c> with <c>message</c>: one of the Office's posts; returns the post id. Pictures uploaded
    /// unpublished first (<see cref="UploadPhoto"/>) go with it as <c>attached_media</c>.
    /// </summary>
    public async Task<string> PublishPost(string pageId, string text, CancellationToken cancellationToken, IReadOnlyList<string>? photoIds = null)
    {
        var fields = new List<KeyValuePair<string, string>> { new("message", text), new("access_token", Token) };
        fields.AddRange((photoIds ?? []).Select((id, i) => new KeyValuePair<string, string>($"attached_media[{i}]", $$"""{"media_fbid":"{{id}}"}""")));
        using var content = new FormUrlEncodedContent(fields);
        using var document = await Send(HttpMethod.Post, Escape(pageId) + "/feed", content, cancellationToken);
        return RequiredString(document.RootElement, "id");
    }

    /// <summary>
    /// <c>POST /{comment-id}</c> with <c>is_hidden</c>: hides a comment from everyone but its author and their
    /// friends, or shows it again. Meta answers <c>{"success": true}</c>; returns the comment id.
    /// </summary>
    public async Task<string> SetCommentHidden(string commentId, bool hidden, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent([new("is_hidden", hidden ? "true" : "false"), new("access_token", Token)]);
        using var document = await Send(HttpMethod.Post, Escape(commentId), content, cancellationToken);
        Confirmed(document.RootElement, "The Graph API did not confirm the change of visibility.");
        return commentId;
    }

    /// <summary>
    /// <c>POST /{page-id}/photos</c> with the picture as <c>source</c> and <c>published=false</c>: uploads a picture to attach
    /// to a post; returns its id. Unpublished, it is seen nowhere until a post carries it.
    /// </summary>
    public async Task<string> UploadPhoto(string pageId, byte[] picture, string contentType, CancellationToken cancellationToken)
    {
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(picture);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(file, "source", "picture" + (contentType == "image/png" ? ".png" : contentType == "image/gif" ? ".gif" : ".jpg"));
        content.Add(new StringContent("false"), "published");
        content.Add(new StringContent(Token), "access_token");
        using var document = await Send(HttpMethod.Post, Escape(pageId) + "/photos", content, cancellationToken);
        return RequiredString(document.RootElement, "id");
    }

    /// <summary><c>POST /{object-id}</c> with <c>message</c>: replaces a post's (or comment's) text; Meta answers <c>{"success": true}</c>.</summary>
    public async Task<string> EditObject(string objectId, string text, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent([new("message", text), new("access_token", Token)]);
        using var document = await Send(HttpMethod.Post, Escape(objectId), content, cancellationToken);
        Confirmed(document.RootElement, "The Graph API did not confirm the edit.");
        return objectId;
    }

    /// <summary><c>DELETE /{object-id}</c>: removes a post (or comment) of the page; Meta answers <c>{"success": true}</c>.</summary>
    public async Task<string> DeleteObject(string objectId, CancellationToken cancellationToken)
    {
        using var document = await Send(HttpMethod.Delete, $"{Escape(objectId)}?access_token={Uri.EscapeDataString(Token)}", null, cancellationToken);
        Confirmed(document.RootElement, "The Graph API did not confirm the removal.");
        return objectId;
    }

    private static void Confirmed(JsonElement answer, string otherwise)
    {
        if (!answer.TryGetProperty("success", out var success) || success.ValueKind != JsonValueKind.True)
        {
            throw new GraphApiException(GraphFailure.Unknown, 200, null, null, null, otherwise, null, null);
        }
    }

    /// <summary>The id of a post of the page with exactly this text, published since the given instant.</summary>
    public async Task<string?> FindPagePost(string pageId, string text, DateTimeOffset since, CancellationToken cancellationToken)
    {
        using var document = await Send(HttpMethod.Get,
            $"{Escape(pageId)}/feed?fields=id,message,from,created_time&limit=100&access_token={Uri.EscapeDataString(Token)}", null, cancellationToken);
        return FindOwn(document.RootElement, pageId, text, since);
    }

    /// <summary>The id of a reply by the page under the comment with exactly this text, written since the given instant.</summary>
    public async Task<string?> FindPageReply(string commentId, string pageId, string text, DateTimeOffset since, CancellationToken cancellationToken)
    {
        using var document = await Send(HttpMethod.Get,
            $"{Escape(commentId)}/comments?fields=id,message,from,created_time&order=reverse_chronological&limit=100&access_token={Uri.EscapeDataString(Token)}",
            null, cancellationToken);
        return FindOwn(document.RootElement, pageId, text, since);
    }

    /// <summary>The id of a Messenger message from the page to the person with exactly this text, sent since the given instant.</summary>
    public async Task<string?> FindPageMessage(string pageId, string psid, string text, DateTimeOffset since, CancellationToken cancellationToken)
    {
        using var document = await Send(HttpMethod.Get,
            $"{Escape(pageId)}/conversations?platform=messenger&user_id={Uri.EscapeDataString(psid)}&fields=messages.limit(50){{id,message,from,created_time}}&access_token={Uri.EscapeDataString(Token)}",
            null, cancellationToken);
        if (!document.RootElement.TryGetProperty("data", out var conversations) || conversations.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var conversation in conversations.EnumerateArray())
        {
            if (conversation.TryGetProperty("messages", out var messages) && FindOwn(messages, pageId, text, since) is { } id)
            {
                return id;
            }
        }

        return null;
    }

    private string Token => options.CurrentValue.PageAccessToken is { Length: > 0 } token
        ? token
        : throw new GraphApiException(GraphFailure.InvalidToken, 0, 190, null, "OAuthException", "Facebook:PageAccessToken is not configured.", null, null);

    private static string Escape(string id) => Uri.EscapeDataString(id);

    private static string? FindOwn(JsonElement list, string pageId, string text, DateTimeOffset since)
    {
        if (!list.TryGetProperty("data", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var item in items.EnumerateArray())
        {
            var fromPage = item.TryGetProperty("from", out var from) && from.TryGetProperty("id", out var fromId) && fromId.GetString() == pageId;
            var same = item.TryGetProperty("message", out var message) && message.GetString() == text;
            var recent = !item.TryGetProperty("created_time", out var created)
                || (DateTimeOffset.TryParse(created.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at >= since);
            if (fromPage && same && recent && item.TryGetProperty("id", out var id))
            {
                return id.GetString();
            }
        }

        return null;
    }

    private async Task<JsonDocument> Send(HttpMethod method, string relative, HttpContent? content, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var uri = new Uri($"{settings.GraphBaseUrl.TrimEnd('/')}/{settings.GraphApiVersion}/{relative}");
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.RequestTimeoutSeconds));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The request may or may not have reached Meta.
            throw new GraphApiException(GraphFailure.Unknown, 0, null, null, null, "Graph API unreachable: " + ex.Message, null, null, ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            JsonDocument? document = null;
            try
            {
                document = body.Length == 0 ? null : JsonDocument.Parse(body);
            }
            catch (JsonException)
            {
                document = null;
            }

            if (response.IsSuccessStatusCode && document is not null && !document.RootElement.TryGetProperty("error", out _))
            {
                return document;
            }

            using (document)
            {
                throw Failure(response, document);
            }
        }
    }

    private static GraphApiException Failure(HttpResponseMessage response, JsonDocument? document)
    {
        var status = (int)response.StatusCode;
        int? code = null;
        int? subcode = null;
        string? type = null;
        string? trace = null;
        var message = $"HTTP {status} without a Graph error body";
        if (document is not null && document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            code = Number(error, "code");
            subcode = Number(error, "error_subcode");
            type = Text(error, "type");
            trace = Text(error, "fbtrace_id");
            message = Text(error, "message") ?? message;
        }

        var failure = response.IsSuccessStatusCode ? GraphFailure.Unknown : GraphApiException.Classify(status, code);
        return new GraphApiException(failure, status, code, subcode, type, message, trace, RegainAccessIn(response));
    }

    /// <summary>
    /// The longest <c>estimated_time_to_regain_access</c> (minutes) in <c>X-Business-Use-Case-Usage</c>, or
    /// <c>Retry-After</c>; null when Meta named no time.
    /// </summary>
    public static TimeSpan? RegainAccessIn(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("X-Business-Use-Case-Usage", out var values))
        {
            try
            {
                using var usage = JsonDocument.Parse(string.Join(string.Empty, values));
                var minutes = usage.RootElement.EnumerateObject()
                    .SelectMany(p => p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray() : Enumerable.Empty<JsonElement>())
                    .Select(e => Number(e, "estimated_time_to_regain_access") ?? 0)
                    .DefaultIfEmpty(0)
                    .Max();
                if (minutes > 0)
                {
                    return TimeSpan.FromMinutes(minutes);
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // A malformed header says nothing; the default backoff applies.
            }
        }

        return response.Headers.RetryAfter?.Delta;
    }

    private static int? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string RequiredString(JsonElement root, string name) =>
        Text(root, name) ?? throw new GraphApiException(GraphFailure.Unknown, 200, null, null, null, $"The Graph API answered without '{name}'.", null, null);
}
