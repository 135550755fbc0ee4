using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LaoCaiFanpage.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LaoCaiFanpage.FunctionalTests.Infrastructure;

/// <summary>
/// A local stand-in for Meta's Graph API, speaking its documented shapes: comment replies
/// (<c>POST /{comment-id}/comments</c> → <c>{"id"}</c>), the Send API (<c>POST /{page-id}/messages</c> →
/// <c>{"recipient_id","message_id"}</c>), the reads the outbox settles unknown sends with, and errors as
/// <c>{"error":{"message","type","code","error_subcode","fbtrace_id"}}</c> with <c>X-Business-Use-Case-Usage</c>.
/// </summary>
public sealed class FakeGraphServer : IAsyncDisposable
{
    public const string Token = "EAAB-fake-page-token-0123456789";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task<bool>>> _script = new();
    private int _next = 1;

    public FakeGraphServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/{version}/{commentId}/comments", ReplyToComment);
        _app.MapGet("/{version}/{commentId}/comments", ListComments);
        _app.MapPost("/{version}/{pageId}/messages", SendMessage);
        _app.MapGet("/{version}/{pageId}/conversations", ListConversations);
        _app.MapGet("/{version}/{pageId}/subscribed_apps", async (HttpContext context) =>
        {
            if (await ThrottledGet(context) || !await Authorized(context, context.Request.Query["access_token"]))
            {
                return;
            }

            await context.Response.WriteAsJsonAsync(new { data = new[] { new { id = "112233445566", name = "LaoCaiFanpage", subscribed_fields = SubscribedFields.ToArray() } } });
        });
        _app.MapPost("/{version}/{pageId}/feed", PublishPost);
        _app.MapPost("/{version}/{pageId}/photos", UploadPhoto);
        _app.MapGet("/{version}/{pageId}/feed", ListPosts);
        _app.MapPost("/{version}/{objectId}", UpdateObject);
        _app.MapDelete("/{version}/{objectId}", DeleteObject);
        _app.MapGet("/{version}/pages/search", SearchPages);
        _app.MapGet("/{version}/{pageId}", GetPage);
        _app.MapGet("/pictures/{name}", (string name) => Pictures.TryGetValue(name, out var bytes) ? Results.Bytes(bytes, "image/png") : Results.NotFound());
    }

    /// <summary>Public pages other than ours, as the Pages Search API and <c>GET /{page-id}</c> show them; remove one to "take it down".</summary>
    public ConcurrentDictionary<string, FakePage> Pages { get; } = new();

    /// <summary>Pictures served at <c>/pictures/{name}</c> (a stand-in for Facebook's CDN).</summary>
    public ConcurrentDictionary<string, byte[]> Pictures { get; } = new();

    /// <summary>
    /// <c>GET /pages/search?q=&amp;fields=</c> → <c>{"data":[…]}</c>: pages whose name, without diacritics, contains
    /// every word of the query; only the fields the search may return (id, name, link, verification_status).
    /// </summary>
    private async Task SearchPages(HttpContext context)
    {
        await Scripted(context);
        if (!await Authorized(context, context.Request.Query["access_token"]))
        {
            return;
        }

        var query = context.Request.Query["q"].ToString();
        if (string.IsNullOrWhiteSpace(query))
        {
            await Error(context, 400, 100, null, "(#100) The parameter q is required");
            return;
        }

        var words = Bare(query).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var data = Pages.Values.Where(p => words.All(w => Bare(p.Name).Contains(w, StringComparison.Ordinal)))
            .Select(p => new { id = p.Id, name = p.Name, link = p.Link, verification_status = p.VerificationStatus });
        await context.Response.WriteAsJsonAsync(new { data });
    }

    /// <summary><c>GET /{page-id}?fields=</c> → the page, or Meta's "does not exist" error (code 100, subcode 33).</summary>
    private async Task GetPage(HttpContext context, string pageId)
    {
        await Scripted(context);
        if (!await Authorized(context, context.Request.Query["access_token"]))
        {
            return;
        }

        if (!Pages.TryGetValue(pageId, out var page))
        {
            await Error(context, 400, 100, 33, $"Unsupported get request. Object with ID '{pageId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.");
            return;
        }

        await context.Response.WriteAsJsonAsync(new
        {
            id = page.Id, name = page.Name, link = page.Link, verification_status = page.VerificationStatus, followers_count = page.Followers, about = page.About, category = page.Category,
            picture = page.PictureUrl is null ? null : new { data = new { url = page.PictureUrl, is_silhouette = false } },
        });
    }

    private static string Bare(string text) =>
        new string([.. text.Normalize(NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)])
            .Replace('đ', 'd').Replace('Đ', 'D').ToLowerInvariant();

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Everything the page published, in order: what a citizen would see on Facebook.</summary>
    public ConcurrentQueue<PublishedItem> Published { get; } = new();

    /// <summary>Every call that reached the server (method, path, when).</summary>
    public ConcurrentQueue<(string Method, string Path, DateTimeOffset At)> Calls { get; } = new();

    public async Task Start()
    {
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    /// <summary>The next POST is answered with this Graph error instead (nothing is published).</summary>
    public void FailNextPost(int httpStatus, int code, int? subcode = null, int? regainAccessMinutes = null, string message = "(#4) Application request limit reached") =>
        _script.Enqueue(async context =>
        {
            if (context.Request.Method != HttpMethods.Post)
            {
                return false;
            }

            if (regainAccessMinutes is { } minutes)
            {
                context.Response.Headers["X-Business-Use-Case-Usage"] = new JsonObject
                {
                    ["112233445566"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "pages", ["call_count"] = 100, ["total_cputime"] = 30, ["total_time"] = 40, ["estimated_time_to_regain_access"] = minutes,
                    }),
                }.ToJsonString();
            }

            await Error(context, httpStatus, code, subcode, message);
            return true;
        });

    /// <summary>
    /// The next POST is carried out (the reply exists on Facebook) but its answer is held until <paramref name="release"/>
    /// completes: the moment a host is killed in the middle of a publish. <paramref name="received"/> completes when it arrives.
    /// </summary>
    public void HoldNextPostAfterPublishing(TaskCompletionSource received, Task release) =>
        _script.Enqueue(context =>
        {
            if (context.Request.Method != HttpMethods.Post)
            {
                return Task.FromResult(false);
            }

            context.Items["hold"] = (received, release);
            return Task.FromResult(false);
        });

    public int PostCount => Calls.Count(c => c.Method == "POST");

    /// <summary>The fields the page's subscription (<c>subscribed_apps</c>) has for our app.</summary>
    public ConcurrentQueue<string> SubscribedFields { get; set; } = new(["feed", "messages"]);

    /// <summary>Posts on the page that the service may never have had a webhook for (newest first when listed).</summary>
    public ConcurrentQueue<FakePost> Feed { get; } = new();

    /// <summary>Comments and replies under a post, by post id, in the order written.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<FakeComment>> Comments { get; } = new();

    /// <summary>Messenger conversations of the page.</summary>
    public ConcurrentQueue<FakeConversation> Conversations { get; } = new();

    /// <summary>How many items a list answers at most per page (Meta pages with cursors); small to exercise paging.</summary>
    public int ListPageSize { get; set; } = 100;

    private readonly ConcurrentQueue<(int Code, int RetryAfterSeconds)> _getFailures = new();

    /// <summary>Every GET answered with a throttling error: its path and when.</summary>
    public ConcurrentQueue<(string Path, DateTimeOffset At)> ThrottledGets { get; } = new();

    /// <summary>The next GET of a list is answered with this throttling error and a Retry-After (nothing is read).</summary>
    public void ThrottleNextGet(int code, int retryAfterSeconds) => _getFailures.Enqueue((code, retryAfterSeconds));

    private async Task<bool> ThrottledGet(HttpContext context)
    {
        Calls.Enqueue((context.Request.Method, context.Request.Path.Value ?? string.Empty, DateTimeOffset.UtcNow));
        if (!_getFailures.TryDequeue(out var failure))
        {
            return false;
        }

        ThrottledGets.Enqueue((context.Request.Path.Value ?? string.Empty, DateTimeOffset.UtcNow));
        context.Response.Headers.RetryAfter = failure.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await Error(context, 400, failure.Code, null, $"(#{failure.Code}) Calls to this api have exceeded the rate limit.");
        return true;
    }

    /// <summary>One page of a list with Meta's cursor paging: <c>paging.cursors.after</c> and <c>paging.next</c> while more remain.</summary>
    private object Paged<T>(HttpContext context, IReadOnlyList<T> all, Func<T, object> shape)
    {
        var start = int.TryParse(context.Request.Query["after"], NumberStyles.None, CultureInfo.InvariantCulture, out var cursor) ? cursor : 0;
        var data = all.Skip(start).Take(ListPageSize).Select(shape).ToList();
        var next = start + data.Count;
        return next < all.Count
            ? new { data, paging = new { cursors = new { before = start.ToString(CultureInfo.InvariantCulture), after = next.ToString(CultureInfo.InvariantCulture) }, next = BaseAddress + "next" } }
            : new { data, paging = (object?)null };
    }

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+0000'", CultureInfo.InvariantCulture);

    /// <summary>Every change of a comment's visibility, in order: (comment id, hidden).</summary>
    public ConcurrentQueue<(string CommentId, bool Hidden)> Visibility { get; } = new();

    /// <summary>Pictures uploaded (<c>POST /{page-id}/photos</c>, multipart <c>source</c>): id, bytes, type, published or not.</summary>
    public ConcurrentQueue<(string Id, byte[] Bytes, string ContentType, bool Published)> Photos { get; } = new();

    /// <summary>The <c>attached_media</c> of each page post, by post id.</summary>
    public ConcurrentDictionary<string, string[]> AttachedMedia { get; } = new();

    /// <summary>Texts that replaced an object's (<c>POST /{id}</c> with <c>message</c>), in order.</summary>
    public ConcurrentQueue<(string ObjectId, string Text, DateTimeOffset At)> Edits { get; } = new();

    /// <summary>Objects removed (<c>DELETE /{id}</c>), in order.</summary>
    public ConcurrentQueue<(string ObjectId, DateTimeOffset At)> Deletions { get; } = new();

    /// <summary><c>POST /{comment-id}</c> with <c>is_hidden</c> → <c>{"success": true}</c> (Meta's comment update).</summary>
    private async Task UpdateObject(HttpContext context, string objectId)
    {
        var form = await context.Request.ReadFormAsync();
        if (await Scripted(context) || !await Authorized(context, form["access_token"]))
        {
            return;
        }

        // Meta's documented edit of a post or comment: POST /{id} with message.
        if (form.TryGetValue("message", out var message))
        {
            Edits.Enqueue((objectId, message.ToString(), DateTimeOffset.UtcNow));
            await context.Response.WriteAsJsonAsync(new { success = true });
            return;
        }

        var hidden = form["is_hidden"].ToString();
        if (hidden is not ("true" or "false"))
        {
            await Error(context, 400, 100, null, "(#100) Param is_hidden must be a boolean");
            return;
        }

        Visibility.Enqueue((objectId, hidden == "true"));
        await context.Response.WriteAsJsonAsync(new { success = true });
    }

    /// <summary>Meta's photo upload: multipart with the picture as <c>source</c>; <c>published=false</c> keeps it for a post.</summary>
    private async Task UploadPhoto(HttpContext context, string pageId)
    {
        var form = await context.Request.ReadFormAsync();
        if (await Scripted(context) || !await Authorized(context, form["access_token"]))
        {
            return;
        }

        if (form.Files.GetFile("source") is not { Length: > 0 } file)
        {
            await Error(context, 400, 324, null, "(#324) Requires upload file");
            return;
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer);
        var id = $"{Interlocked.Increment(ref _next)}";
        Photos.Enqueue((id, buffer.ToArray(), file.ContentType, form["published"].ToString() != "false"));
        await context.Response.WriteAsJsonAsync(new { id });
    }

    private async Task DeleteObject(HttpContext context, string objectId)
    {
        Calls.Enqueue((context.Request.Method, context.Request.Path.Value ?? string.Empty, DateTimeOffset.UtcNow));
        if (!await Authorized(context, context.Request.Query["access_token"]))
        {
            return;
        }

        Deletions.Enqueue((objectId, DateTimeOffset.UtcNow));
        await context.Response.WriteAsJsonAsync(new { success = true });
    }

    private async Task<bool> Scripted(HttpContext context)
    {
        Calls.Enqueue((context.Request.Method, context.Request.Path.Value ?? string.Empty, DateTimeOffset.UtcNow));
        if (_script.TryPeek(out var step) && (context.Request.Method == HttpMethods.Post))
        {
            _script.TryDequeue(out _);
            return await step(context);
        }

        return false;
    }

    private Task ReplyToComment(HttpContext context, string commentId) => PublishMessage(context, "comment-reply", commentId);

    private Task PublishPost(HttpContext context, string pageId) => PublishMessage(context, "page-post", pageId);

    /// <summary>A form POST with <c>message</c> (a comment reply or a page post) → <c>{"id"}</c>, the object now on Facebook.</summary>
    private async Task PublishMessage(HttpContext context, string kind, string target)
    {
        var form = await context.Request.ReadFormAsync();
        if (await Scripted(context) || !await Authorized(context, form["access_token"]))
        {
            return;
        }

        var message = form["message"].ToString();
        if (string.IsNullOrEmpty(message))
        {
            await Error(context, 400, 100, null, "(#100) The parameter message is required");
            return;
        }

        var id = $"{target}_{Interlocked.Increment(ref _next)}";
        var attached = form.Keys.Where(k => k.StartsWith("attached_media[", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(k => JsonDocument.Parse(form[k].ToString()).RootElement.GetProperty("media_fbid").GetString()!)
            .Concat(form.TryGetValue("attachment_id", out var attachment) ? [attachment.ToString()] : []).ToArray();
        if (attached.Any(a => !Photos.Any(p => p.Id == a && !p.Published)))
        {
            await Error(context, 400, 100, null, "(#100) attached_media must name unpublished photos of this page");
            return;
        }

        if (attached.Length > 0)
        {
            AttachedMedia[id] = attached;
        }

        Published.Enqueue(new PublishedItem(kind, target, message, id, null, null, DateTimeOffset.UtcNow));
        await Hold(context);
        await context.Response.WriteAsJsonAsync(new { id });
    }

    private async Task ListPosts(HttpContext context, string pageId)
    {
        if (await ThrottledGet(context) || !await Authorized(context, context.Request.Query["access_token"]))
        {
            return;
        }

        var since = long.TryParse(context.Request.Query["since"], NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            ? DateTimeOffset.FromUnixTimeSeconds(s) : DateTimeOffset.MinValue;
        var published = Published.Where(p => p.Kind == "page-post" && p.Target == pageId)
            .Select(p => new FakePost(p.Id, p.Text, pageId, "UBND tỉnh Lào Cai", p.At));
        var all = Feed.Concat(published).Where(p => p.At >= since).OrderByDescending(p => p.At).ToList();
        await context.Response.WriteAsJsonAsync(Paged(context, all, p => new { id = p.Id, message = p.Message, from = new { id = p.FromId, name = p.FromName }, created_time = Time(p.At), permalink_url = "https://www.facebook.com/" + p.Id }));
    }

    private async Task SendMessage(HttpContext context, string pageId)
    {
        if (await Scripted(context) || !await Authorized(context, context.Request.Query["access_token"]))
        {
            return;
        }

        var body = await JsonNode.ParseAsync(context.Request.Body);
        var psid = body?["recipient"]?["id"]?.GetValue<string>();
        var type = body?["messaging_type"]?.GetValue<string>();
        var tag = body?["tag"]?.GetValue<string>();
        var text = body?["message"]?["text"]?.GetValue<string>();
        if (psid is null || text is null || type is not ("RESPONSE" or "MESSAGE_TAG" or "UPDATE") || (type == "MESSAGE_TAG" && tag is null) || text.Length > 2000)
        {
            await Error(context, 400, 100, null, "(#100) Invalid parameter");
            return;
        }

        var id = "m_" + Interlocked.Increment(ref _next);
        Published.Enqueue(new PublishedItem("messenger", psid, text, id, type, tag, DateTimeOffset.UtcNow));
        await Hold(context);
        await context.Response.WriteAsJsonAsync(new { recipient_id = psid, message_id = id });
    }

    private async Task ListComments(HttpContext context, string commentId)
    {
        if (await ThrottledGet(context) || !await Authorized(context, context.Request.Query["access_token"]))
        {
            return;
        }

        if (Comments.TryGetValue(commentId, out var seeded))
        {
            var ordered = context.Request.Query["order"] == "reverse_chronological" ? seeded.Reverse().ToList() : seeded.ToList();
            await context.Response.WriteAsJsonAsync(Paged(context, ordered, c => new
            {
                id = c.Id, message = c.Message, from = new { id = c.FromId, name = c.FromName }, created_time = Time(c.At), parent = c.ParentId is null ? null : new { id = c.ParentId },
            }));
            return;
        }

        var data = Published.Where(p => p.Kind == "comment-reply" && p.Target == commentId).Reverse()
            .Select(p => new { id = p.Id, message = p.Text, from = new { id = MetaDeliveries.PageId, name = "UBND tỉnh Lào Cai" }, created_time = p.At.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture) });
        await context.Response.WriteAsJsonAsync(new { data });
    }

    private async Task ListConversations(HttpContext context, string pageId)
    {
        await Scripted(context);
        if (!await Authorized(context, context.Request.Query["access_token"]))
        {
            return;
        }

        var psid = context.Request.Query["user_id"].ToString();
        if (psid.Length == 0)
        {
            await context.Response.WriteAsJsonAsync(Paged(context, Conversations.OrderByDescending(c => c.Messages.Max(m => m.At)).ToList(), c => new
            {
                id = c.Id,
                updated_time = Time(c.Messages.Max(m => m.At)),
                participants = new { data = new object[] { new { id = c.PersonId, name = c.PersonName }, new { id = pageId, name = "UBND tỉnh Lào Cai" } } },
                messages = new { data = c.Messages.OrderByDescending(m => m.At).Select(m => new { id = m.Id, message = m.Message, from = new { id = m.FromId }, created_time = Time(m.At) }) },
            }));
            return;
        }

        var messages = Published.Where(p => p.Kind == "messenger" && p.Target == psid).Reverse()
            .Select(p => new { id = p.Id, message = p.Text, from = new { id = pageId }, created_time = p.At.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture) });
        await context.Response.WriteAsJsonAsync(new { data = new[] { new { id = "t_" + psid, messages = new { data = messages } } } });
    }

    private static async Task Hold(HttpContext context)
    {
        if (context.Items["hold"] is ValueTuple<TaskCompletionSource, Task> hold)
        {
            hold.Item1.TrySetResult();
            await hold.Item2;
        }
    }

    private static async Task<bool> Authorized(HttpContext context, string? token)
    {
        if (token == Token)
        {
            return true;
        }

        await Error(context, 400, 190, 460, "Error validating access token: The session has been invalidated because the user changed their password.");
        return false;
    }

    private static async Task Error(HttpContext context, int status, int code, int? subcode, string message)
    {
        context.Response.StatusCode = status;
        var error = new JsonObject { ["message"] = message, ["type"] = code == 190 ? "OAuthException" : "OAuthException", ["code"] = code, ["fbtrace_id"] = "AbCdEf" + code };
        if (subcode is not null)
        {
            error["error_subcode"] = subcode;
        }

        await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = error });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record FakePage(string Id, string Name, string Link, string? VerificationStatus = "not_verified", long? Followers = null, string? About = null, string? Category = null, string? PictureUrl = null);

public sealed record FakePost(string Id, string? Message, string FromId, string? FromName, DateTimeOffset At);

public sealed record FakeComment(string Id, string? Message, string FromId, string? FromName, DateTimeOffset At, string? ParentId = null);

public sealed record FakeMessage(string Id, string? Message, string FromId, DateTimeOffset At);

public sealed record FakeConversation(string Id, string PersonId, string? PersonName, IReadOnlyList<FakeMessage> Messages);

public sealed record PublishedItem(string Kind, string Target, string Text, string Id, string? MessagingType, string? Tag, DateTimeOffset At);
